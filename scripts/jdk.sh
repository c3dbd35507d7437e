# Finding a JDK 21+ and the JVM flags that fit its version, for ./wirewatch and .ci/run (sourced, not run).
#
# Some flags exist only from a given JDK on: a JVM that does not know one refuses to start ("Unrecognized option"),
# so they are added here by version, never written into a command line or MAVEN_OPTS directly.
# WIREWATCH_JDK_DIRS (space-separated) replaces the usual install locations searched after JAVA_HOME and PATH.

# The feature release of a java binary: 21, 23, 25 (8 for 1.8); nothing when it does not run.
jdk_major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')" || return 1
  [ -n "$v" ] || return 1
  case "$v" in 1.*) v="${v#1.}" ;; esac
  echo "${v%%.*}"
}

# The usual places a JDK is installed, each a JAVA_HOME candidate.
jdk_search_dirs() {
  if [ -n "${WIREWATCH_JDK_DIRS+set}" ]; then
    local d
    for d in $WIREWATCH_JDK_DIRS; do echo "$d"; done
    return 0
  fi
  local d
  for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$d" ] && echo "$d"
  done
  return 0
}

# Prints the JAVA_HOME of a JDK 21+: JAVA_HOME or the java on the PATH when new enough, else the newest install found.
# Fails, printing the newest too-old one found (or nothing), when there is none.
jdk_find_home() {
  local candidates=() c major best="" best_major=0 old="" old_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  local first=${#candidates[@]}
  while IFS= read -r c; do candidates+=("$c"); done < <(jdk_search_dirs)
  local i=0
  for c in "${candidates[@]}"; do
    i=$((i + 1))
    [ -x "$c/bin/java" ] || continue
    major="$(jdk_major "$c/bin/java")" || continue
    case "$major" in ''|*[!0-9]*) continue ;; esac
    if [ "$major" -ge 21 ]; then
      # JAVA_HOME or the java on the PATH wins when it is new enough
      if [ "$i" -le "$first" ]; then echo "$c"; return 0; fi
      if [ "$major" -gt "$best_major" ]; then best_major=$major; best=$c; fi
    elif [ "$major" -gt "$old_major" ]; then
      old_major=$major; old=$c
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  [ -n "$old" ] && echo "$old"
  return 1
}

# The flags a JVM of feature release $1 needs that older ones would refuse, one per line.
jdk_version_flags() {
  # Kafka and RocksDB still use sun.misc.Unsafe, which JDK 23+ warns about at every start; the flag is new in 23
  [ "$1" -ge 23 ] && echo "--sun-misc-unsafe-memory-access=allow"
  return 0
}

# MAVEN_OPTS for a JDK of feature release $1: the given options ($2) without flags that JDK does not know, plus the
# flags it needs.
jdk_maven_opts() {
  local major=$1 given=${2:-} out=() word flag
  for word in $given; do
    case "$word" in
      --sun-misc-unsafe-memory-access=*) [ "$major" -ge 23 ] || continue ;;
    esac
    out+=("$word")
  done
  while IFS= read -r flag; do
    [ -n "$flag" ] || continue
    case " ${out[*]:-} " in *" ${flag%%=*}="*) ;; *) out+=("$flag") ;; esac
  done < <(jdk_version_flags "$major")
  echo "${out[*]:-}"
}

# One line saying why no JDK 21+ was found ($1: the too-old JAVA_HOME found, may be empty) and what to do.
jdk_missing_message() {
  if [ -n "${1:-}" ]; then
    echo "found only Java $(jdk_major "$1/bin/java") ($1); Wirewatch needs a JDK 21 or newer: install one (e.g. the temurin-21-jdk package) or set JAVA_HOME to it"
  else
    echo "no JDK found (looked at JAVA_HOME, java on the PATH, /usr/lib/jvm, /opt/java, ~/.sdkman); Wirewatch needs a JDK 21 or newer: install one (e.g. the temurin-21-jdk package) or set JAVA_HOME to it"
  fi
}
