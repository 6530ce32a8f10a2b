# shellcheck shell=bash
# The fast path's commands that read the store's versions/ (shell/fast.sh says how it runs):
# `gosw which` and `gosw list`, with compareGo's order for the releases.

# A sort key for a release (or alias) name by compareGo's order (src/versions/version.ts, after
# golang/go internal/gover): minor, patch ("" before 0), kind, prerelease number, in __gosw_fast_k.
# Returns 1 unless $1 is a release name the store accepts (isReleaseName) with numbers that fit.
__gosw_fast_key() {
  local n=$1 minor=0 patch=0 kind='' pre=0 rest kr
  ((${#n} <= 32)) && [[ $n == go1 || $n == go1.* ]] || return 1
  rest=${n#go1}
  if [[ -n $rest ]]; then
    rest=${rest#.}
    minor=${rest%%[!0-9]*}
    rest=${rest#"$minor"}
    __gosw_num "$minor" || return 1
    patch=
    if [[ $rest == .* ]]; then
      rest=${rest#.}
      patch=${rest%%[!0-9]*}
      rest=${rest#"$patch"}
      __gosw_num "$patch" || return 1
    fi
    if [[ -n $rest ]]; then
      kind=${rest%%[0-9]*}
      pre=${rest#"$kind"}
      [[ $kind == alpha || $kind == beta || $kind == rc ]] && __gosw_num "$pre" || return 1
    elif [[ -z $patch ]] && ((10#$minor < 21)); then
      patch=0
    fi
  fi
  case $kind in
    alpha) kr=1 ;;
    beta) kr=2 ;;
    rc) kr=3 ;;
    *) if [[ -n $patch ]]; then kr=4; else kr=0; fi ;;
  esac
  # A stable release with a patch sorts after its prereleases; "1.21" (no patch) before them.
  # Digits only, fixed width: [[ < ]] collates in the user's locale, which may skip punctuation.
  printf -v __gosw_fast_k '%010d%011d%d%011d' "$minor" "${patch:+$((10#$patch + 1))}" "$kr" "$((${kind:+10#$pre + 1}+0))"
}

# The installed releases, newest first, in __gosw_fast_rel (Store.isInstalled: a release name with
# bin/go a file); __gosw_fast_stable marks the stable ones. Returns 1 when two names compare equal
# (go1.20 and go1.20.0: Node would keep readdir's order).
__gosw_fast_installed() {
  local v=$__gosw_s/versions e n i j k
  local -a names=() keys=()
  __gosw_fast_rel=() __gosw_fast_stable=()
  for e in "$v"/go1*; do
    n=${e##*/}
    [[ -f $e/bin/go ]] || continue
    if ! __gosw_fast_key "$n"; then
      # A release name with numbers too long for bash's arithmetic: Node lists it, so Node answers.
      [[ ${#n} -le 32 && $n =~ ^go1(\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?((alpha|beta|rc)(0|[1-9][0-9]*))?)?$ ]] && return 1
      continue
    fi
    k=$__gosw_fast_k
    # Insertion sort, newest first: a store holds a handful of releases.
    i=${#keys[@]}
    while ((i > 0)) && [[ ${keys[i - 1]} < $k ]]; do
      keys[i]=${keys[i - 1]} names[i]=${names[i - 1]}
      ((i--))
    done
    [[ $i == 0 || ${keys[i - 1]} != "$k" ]] || return 1
    keys[i]=$k names[i]=$n
  done
  __gosw_fast_rel=("${names[@]}")
  for ((j = 0; j < ${#names[@]}; j++)); do
    if [[ ${names[j]} == *alpha* || ${names[j]} == *beta* || ${names[j]} == *rc* ]]; then
      __gosw_fast_stable[j]=''
    else
      __gosw_fast_stable[j]=1
    fi
  done
}

# gosw which SPEC: the installed release a spec resolves to (src/store/find.ts): exactly that
# release, or the newest installed stable one of a line (or overall), found by listing versions/
# as Node does, not through the aliases. A version that is not installed: Node says so.
__gosw_fast_which() {
  local spec=$1 want line j n
  # parseSpec: anything but a plain version (spaces to trim, other words, `system`) goes to Node.
  [[ -n $spec && $spec != *[!a-z0-9.]* ]] && __gosw_norm "$spec" || return 1
  want=$__gosw_want
  case $want in
    exact:*)
      n=${want#exact:}
      # go1.20 and go1.20.0 are the same release to compareGo: only the canonical name is looked at.
      [[ ! -e $__gosw_s/versions/$n.0 ]] && [[ -f $__gosw_s/versions/$n/bin/go ]] && __gosw_fast_key "$n" || return 1
      ;;
    line:* | latest)
      line=${want#line:}
      __gosw_fast_installed || return 1
      n=
      for ((j = 0; j < ${#__gosw_fast_rel[@]}; j++)); do
        [[ -n ${__gosw_fast_stable[j]} ]] || continue
        if [[ $want == latest || ${__gosw_fast_rel[j]} == "go$line" || ${__gosw_fast_rel[j]} == "go$line".* ]]; then
          n=${__gosw_fast_rel[j]}
          break
        fi
      done
      [[ -n $n ]] || return 1
      ;;
    *) return 1 ;;
  esac
  __gosw_fast_out=$__gosw_s/versions/$n
}

# gosw list [--json]: installed releases newest first, their aliases, and which came from a module
# proxy (listInstalled in src/store/installed.ts; the text and JSON of src/commands/list.ts).
__gosw_fast_list() {
  local json=$1 v=$__gosw_s/versions n a width=0 line pad src
  local -a aliases=() mine=()
  __gosw_fast_installed || return 1
  if ((${#__gosw_fast_rel[@]} == 0)); then
    if [[ -n $json ]]; then
      __gosw_fast_out='[]'
    else
      __gosw_fast_errout='gosw: no Go version installed yet; try: gosw install latest'
      __gosw_fast_silent=1
    fi
    return 0
  fi
  # Aliases: versions/latest and versions/<1.N> symlinks. Node reads the link's text; bash cannot
  # without a program, so it asks whether the link leads to the same directory (-ef).
  for a in "$v"/[1-9]*.* "$v"/latest; do
    n=${a##*/}
    [[ -L $a && ($n == latest || ($n != *[!0-9.]* && $n == *.* && $n != *.*.* && $n != *. && $n != *.0?*)) ]] || continue
    aliases+=("$n")
  done
  for n in "${__gosw_fast_rel[@]}"; do
    ((${#n} > width)) && width=${#n}
  done
  [[ -z $json ]] || __gosw_fast_plain "$v" || return 1
  __gosw_fast_out=
  for n in "${__gosw_fast_rel[@]}"; do
    mine=()
    for a in "${aliases[@]}"; do
      [[ $v/$a -ef $v/$n && $a != latest ]] && mine+=("$a")
    done
    # Line aliases newest first (at most one per release, as gosw writes them), then latest.
    ((${#mine[@]} <= 1)) || return 1
    [[ $v/latest -ef $v/$n && -L $v/latest ]] && mine+=(latest)
    src=godev
    if [[ -e $v/$n/.gosw.json || -L $v/$n/.gosw.json ]]; then
      __gosw_fast_source "$v/$n/.gosw.json" || return 1
      src=$__gosw_fast_src
    fi
    if [[ -n $json ]]; then
      __gosw_fast_json "$v/$n"
      line=$'  {\n    "name": "'$n$'",\n    "version": "'${n#go}$'",\n    "path": '$__gosw_fast_q$',\n    "aliases": ['
      if ((${#mine[@]})); then
        for a in "${mine[@]}"; do line+=$'\n      "'$a'",'; done
        line=${line%,}$'\n    '
      fi
      line+=$'],\n    "source": "'$src$'"\n  },'
    elif ((${#mine[@]})); then
      printf -v line '%-*s  (%s)' "$width" "$n" "${mine[0]}${mine[1]:+, ${mine[1]}}"
      [[ $src == godev ]] || line+=' [from a Go module proxy]'
    else
      line=$n
      if [[ $src == goproxy ]]; then
        printf -v pad '%*s' "$((width - ${#n} + 2))" ''
        line+="${pad}[from a Go module proxy]"
      fi
    fi
    __gosw_fast_out+=$line$'\n'
  done
  __gosw_fast_out=${__gosw_fast_out%$'\n'}
  [[ -z $json ]] || __gosw_fast_out=$'[\n'${__gosw_fast_out%,}$'\n]'
}

# Which source the provenance file $1 names (__gosw_fast_src), when it is exactly as install
# writes it; anything else is for Node's JSON parser (return 1).
__gosw_fast_source() {
  local text=''
  [[ -f $1 && ! -L $1 ]] || return 1
  # Node reads at most 64 KiB of it; longer is no provenance.
  IFS= read -r -d '' -N 65537 text <"$1"
  ((${#text} <= 65536)) || return 1
  # The two shapes install writes (unpack-zip.ts: a module proxy; installer.ts: a go.dev tarball
  # checked against the checksum database too); anything else is Node's to parse.
  case $text in
    $'{\n  "source": "goproxy",\n'*$'\n}\n') __gosw_fast_src=goproxy ;;
    $'{\n  "source": "godev",\n'*$'\n}\n') __gosw_fast_src=godev ;;
    *) return 1 ;;
  esac
}
