# Sourced by every script in bin/ and by .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, then `java` on PATH if it is 25+, then /usr/lib/jvm/*25*.

java_feature_version() { # prints the feature release of the java binary $1 (17, 21, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1
}

is_jdk25_plus() { # $1 = a JDK home
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  v=$(java_feature_version "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null
}

find_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && is_jdk25_plus "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if is_jdk25_plus "$candidate"; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]-* /usr/lib/jvm/*-[3-9][0-9]-*; do
    if is_jdk25_plus "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

if ! JAVA_HOME=$(find_java_home); then
  echo "error: JDK 25 or newer not found (checked \$JAVA_HOME, java on PATH and /usr/lib/jvm/*25*); install Temurin 25 or set JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
