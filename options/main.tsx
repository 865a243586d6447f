import { render } from 'preact';
import { optionsApi } from '../popup/api';
import { Options } from './Options';

const root = document.getElementById('app');
if (root) render(<Options api={optionsApi} />, root);
