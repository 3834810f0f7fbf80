#!/bin/sh
# valgrind.sh - the exe_wrapper of `meson test --setup valgrind`.
# A test program runs under memcheck, and so do the processes it starts
# (the reckon command through system() or exec), apart from common tools.
# A test driver written in Python (the CLI, schema and golden tests) runs as
# it is: memcheck on the interpreter would check Python, not reckon; the
# driver finds the memcheck command line in RECKON_WRAPPER and runs the
# reckon binary under it. A definite leak or any memory error fails the run.
vg="valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
--show-leak-kinds=definite --track-fds=no --num-callers=30 --quiet"
case "$1" in
*python3* | *.py)
    RECKON_WRAPPER="$vg"
    export RECKON_WRAPPER
    exec "$@"
    ;;
*)
    exec $vg --trace-children=yes \
        --trace-children-skip='*/rm,*/cat,*/grep,*/dd,*/truncate,*/cp,*/mkdir,*/head,*/cmp,*/diff,*/sort,*/python3*' \
        "$@"
    ;;
esac
