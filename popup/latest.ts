/**
 * Which of the popup's replies may be shown. Replies can arrive out of order: a live-update read started before a
 * click can answer after it with the old class, and showing it would flip the radio the person just chose back
 * (and leave the popup showing a state background no longer holds).
 *
 * - A change the person made (set class, tick an item, approval) is shown when it answers, unless a later change
 *   was made meanwhile: only the last change's reply counts.
 * - A read is shown only if no change was under way at any moment between its start and its reply; a change's own
 *   reply carries the view as of that change, and background announces any later news, which starts a fresh read.
 * - Of two reads, the later one started wins.
 */
export interface ReplyOrder {
  /** Call as a change is sent; the function it returns says, when the reply comes, whether to show it. */
  change(): () => boolean;
  /** Call as a read is sent; the function it returns says, when the reply comes, whether to show it. */
  read(): () => boolean;
}

export function replyOrder(): ReplyOrder {
  let changes = 0;
  let changesUnderWay = 0;
  let reads = 0;
  let lastShownRead = 0;
  return {
    change() {
      const mine = ++changes;
      changesUnderWay++;
      return () => {
        changesUnderWay--;
        return mine === changes;
      };
    },
    read() {
      const mine = ++reads;
      const changesAtStart = changes;
      const quietAtStart = changesUnderWay === 0;
      return () => {
        const show = quietAtStart && changesUnderWay === 0 && changes === changesAtStart && mine > lastShownRead;
        if (show) lastShownRead = mine;
        return show;
      };
    },
  };
}
