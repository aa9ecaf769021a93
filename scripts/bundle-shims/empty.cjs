// Stands in for Node built-ins (fs, path, os, …) that dependencies require on code paths the plugin never takes.
// Any use fails loudly instead of silently misbehaving.
'use strict';
function unavailable(name) {
  return function () {
    throw new Error(name + ' is not available in the plugin bundle');
  };
}
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule') return false;
      if (key === 'default') return module.exports;
      return unavailable(String(key));
    },
  },
);
