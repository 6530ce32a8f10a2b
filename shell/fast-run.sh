# shellcheck shell=bash
# The end of generated/launcher/fast.bash (shell/fast.sh says what comes before it). The hook's
# warnings and notices are worded for a prompt: here they only mark the run for Node, which words
# them its own way. Then the environment is put back as it came, and the command runs.
__gosw_warn_once() {
  __gosw_fast_note
}
__gosw_relative() {
  __gosw_fast_note
}
__gosw_fast_restore
__gosw_fast_main "$@"
