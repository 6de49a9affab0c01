# The one template renderer (sourced by tools/site.sh and tools/deploy-server.sh).
#
#   render_template TEMPLATE    prints TEMPLATE with every @NAME@ replaced by
#                               the value of the shell variable NAME
#
# It fails loudly (message on stderr, status 2) when a placeholder has no
# variable set, or when a placeholder is still there after rendering (a value
# that itself holds one), so a typo never reaches nginx or systemd as text.
# A value may be empty; it may not hold a newline (sed's replacement is one line).

render_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

render_template() {
    local template=$1 name args=() out
    [ -r "$template" ] || { echo "render: cannot read $template" >&2; return 2; }
    for name in $(grep -o '@[A-Za-z0-9_]*@' "$template" | sort -u | tr -d @); do
        if [[ ! $name =~ ^[A-Z_][A-Z0-9_]*$ ]] || [ -z "${!name+set}" ]; then
            echo "render: $template: no value for @$name@" >&2; return 2
        fi
        case ${!name} in *$'\n'*) echo "render: $template: the value of @$name@ holds a newline" >&2; return 2 ;; esac
        args+=(-e "s|@$name@|$(render_escape "${!name}")|g")
    done
    if [ ${#args[@]} -eq 0 ]; then out=$(cat "$template"; echo .); else out=$(sed "${args[@]}" "$template"; echo .); fi
    out=${out%.}   # (the dot keeps the trailing newlines that $( ) would strip)
    if grep -n '@[A-Za-z0-9_]*[A-Za-z0-9]@' <<< "$out" >&2; then
        echo "render: $template: placeholders above are left unreplaced" >&2; return 2
    fi
    printf '%s' "$out"
}
