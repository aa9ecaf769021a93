/** The CLI's terminal progress: a labelled spinner from the start until the first book is done, then a progress bar. */
import { setInterval as everyInterval, clearInterval as stopInterval } from 'node:timers';
import type { CliMessages } from '../cli-i18n';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const BAR_WIDTH = 24;

export interface Progress {
  update: (p: { done: number; total: number; title?: string }) => void;
  /** Stops the spinner and erases the line, so the report starts on a clean line. */
  clear: () => void;
}

/** Draws on `write` (stderr); the spinner starts at once so the line is never blank while the notebook list loads. */
export function startProgress(write: (text: string) => void, m: CliMessages, frameMs = 100): Progress {
  let frame = 0;
  let drawn = false;
  const spin = () => {
    write(`\r\x1b[2K${FRAMES[frame % FRAMES.length] ?? ''} ${m.spinner}`);
    frame++;
    drawn = true;
  };
  spin();
  let timer: ReturnType<typeof everyInterval> | undefined = everyInterval(spin, frameMs);
  // The spinner must never keep the process alive on its own.
  timer.unref();
  const stopSpinner = () => {
    if (timer !== undefined) stopInterval(timer);
    timer = undefined;
  };
  return {
    update: (p) => {
      stopSpinner();
      const filled = p.total ? Math.round((p.done / p.total) * BAR_WIDTH) : 0;
      const title = (p.title ?? '').slice(0, 30);
      write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${m.progress(p.done, p.total)} ${title}`,
      );
      drawn = true;
    },
    clear: () => {
      stopSpinner();
      if (drawn) write('\r\x1b[2K');
    },
  };
}
