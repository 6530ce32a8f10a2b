# shellcheck shell=bash
# After the hook in generated/launcher/fast.bash (shell/fast.sh says what comes around it). The
# hook's warnings and notices are worded for a prompt: here they only mark the run for Node, which
# words them its own way. Then the environment is put back as it came, and the command runs: every
# command but `env --format` ends here.
__gosw_warn_once() {
  __gosw_fast_note
}
__gosw_relative() {
  __gosw_fast_note
}
__gosw_fast_restore
__gosw_fast_main "$@"
