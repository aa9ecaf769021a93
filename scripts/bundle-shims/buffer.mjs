// Node globals some dependencies mention, replaced inside the plugin bundle (injected by esbuild.config.mjs); mobile has neither.

// gray-matter calls Buffer.from(string) to keep `file.orig`, which nothing reads. A Uint8Array is enough for that,
// and kind-of never mistakes it for a Buffer (no constructor.isBuffer).
export const Buffer = {
  from(value) {
    return new TextEncoder().encode(String(value));
  },
  isBuffer() {
    return false;
  },
};

// nunjucks' debug helper printNodes writes to process.stdout; `process.stdout` is defined to this.
export const __bundleNoStdout = {
  write() {},
};
