#!/usr/bin/env python3
"""drop_stage_headers.py DIR: removes DIR (the stage headers under
INCLUDEDIR/reckon) from an installation, honouring DESTDIR. Run by
`meson install`; the public interface is INCLUDEDIR/reckon.h alone."""
import os
import shutil
import sys

target = sys.argv[1]
destdir = os.environ.get("DESTDIR", "")
if destdir:
    target = os.path.join(destdir, os.path.relpath(target, "/"))
if os.environ.get("MESON_INSTALL_DRY_RUN"):
    sys.exit(0)
if os.path.isdir(target):
    shutil.rmtree(target)
