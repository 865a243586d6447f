import { render } from 'preact';
import { App } from './App';
import { backgroundApi, targetTabId } from './api';

const root = document.getElementById('app');
if (root) {
  // biome-ignore lint/style/noNonNullAssertion: checked just above
  targetTabId(location.search).then((tabId) => render(<App tabId={tabId} api={backgroundApi} />, root!));
}
