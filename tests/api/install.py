#!/usr/bin/env python3
"""install.py BUILDDIR EMBED.C - `meson install` into a temporary DESTDIR,
then, as a program outside the tree would: a C program and a C++ program
built from EMBED.C with `pkg-config --cflags --libs reckon` alone (and once
more against the static librk.a) extract and reconcile the Arabic sentence
against a second document, finding the installed rules beside the
installed library; `python3 -c 'import reckon'` does the same. Also checks
what is installed: one public header, the soname link, reckon.pc, the
manual page, the Python package, no stage header."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)
    return cond


def one(pattern):
    found = glob.glob(pattern, recursive=True)
    check(len(found) == 1, "one %s installed, found %s" % (pattern, found))
    return found[0] if found else None


EXPECT = [
    "deaths/security_forces contradiction 13 ",
    "  ar-1:42-44 42-44 18 18 exact وزارة الداخلية",
    "  en-1:22-24 22-24 13 13 exact State television",
    "json ok",
]

PY = r"""
import reckon
a = reckon.extract("قالت وزارة الداخلية إن 18 من أفراد الأمن قتلوا", language="ar",
                   published="2022-01-07", source="Agency A")
b = reckon.extract("State television said 13 police officers were killed.", language="en",
                   published="2022-01-07", source="State TV")
rep = reckon.report([a, b])
g = rep["groups"][0]
print(reckon.__file__)
print(g["id"], g["verdict"], g["estimate"]["low"], g["estimate"]["high"],
      [c["text"] for c in rep["claims"]])
"""


def main(build, embed):
    meson = shutil.which("meson")
    env = {k: v for k, v in os.environ.items()
           if k not in ("RECKON_RULES", "RECKON_LIBRARY", "PYTHONPATH", "LD_LIBRARY_PATH")}
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "dest")
        p = subprocess.run([meson, "install", "-C", build, "--destdir", dest, "--no-rebuild",
                            "--quiet"], capture_output=True, text=True)
        if not check(p.returncode == 0, "meson install: %s%s" % (p.stdout, p.stderr)):
            return 1
        pc = one(dest + "/**/pkgconfig/reckon.pc")
        header = one(dest + "/**/include/reckon.h")
        if not (pc and header):
            return 1
        libdir = os.path.dirname(os.path.dirname(pc))
        prefix = os.path.dirname(os.path.dirname(header))
        inc = os.path.dirname(header)
        check(os.listdir(inc) == ["reckon.h"], "include/ holds reckon.h alone: %s" % os.listdir(inc))
        check(os.readlink(os.path.join(libdir, "librk.so.0")).startswith("librk.so.0."),
              "librk.so.0 links to the versioned library")
        for f in ("librk.so", "librk.a"):
            check(os.path.exists(os.path.join(libdir, f)), f + " installed")
        check(os.path.isfile(os.path.join(prefix, "share/reckon/rules/schema/rules.rng")),
              "the rule set installed")
        check(len(glob.glob(dest + "/**/man3/librk.3", recursive=True)) == 1, "librk(3) installed")
        pkg = glob.glob(dest + "/**/reckon/__init__.py", recursive=True)
        check(len(pkg) == 1, "the Python package installed: %s" % pkg)

        # pkg-config over the staged tree: PKG_CONFIG_SYSROOT_DIR puts the
        # DESTDIR before every -I and -L, as for a cross sysroot.
        penv = dict(env, PKG_CONFIG_PATH=os.path.dirname(pc), PKG_CONFIG_SYSROOT_DIR=dest)

        def pkgconfig(*args):
            out = subprocess.run(["pkg-config"] + list(args) + ["reckon"], env=penv,
                                 capture_output=True, text=True)
            check(out.returncode == 0, "pkg-config %s: %s" % (args, out.stderr))
            return out.stdout.split()

        flags = pkgconfig("--cflags", "--libs")
        static_libs = [os.path.join(libdir, "librk.a") if a == "-lrk" else a
                       for a in pkgconfig("--cflags", "--libs", "--static")]
        bindir = os.path.join(prefix, "bin")
        programs = {
            "C": (["cc", "-std=c11", "-Wall", "-Werror", embed] + flags, tmp),
            "C++": (["c++", "-x", "c++", "-std=c++11", "-Wall", "-Werror", embed, "-x", "none"]
                    + flags, tmp),
            # Linked statically, the library looks for its rules beside the
            # program: it is run from the installation's bin/.
            "C, static librk.a": (["cc", "-std=c11", "-Wall", embed] + static_libs, bindir),
        }
        outputs = {}
        for name, (cmd, where) in programs.items():
            exe = os.path.join(where, "embed-" + str(len(outputs)))
            b = subprocess.run(cmd + ["-o", exe], capture_output=True, text=True)
            if not check(b.returncode == 0, "%s: build failed: %s\n%s" % (name, " ".join(cmd),
                                                                     b.stderr)):
                continue
            r = subprocess.run([exe], capture_output=True, text=True,
                               env=dict(env, LD_LIBRARY_PATH=libdir))
            check(r.returncode == 0, "%s: exit %d: %s" % (name, r.returncode, r.stderr))
            outputs[name] = r.stdout
            lines = r.stdout.splitlines()
            for want in EXPECT:
                check(any(l.startswith(want) for l in lines),
                      "%s: no line %r in:\n%s" % (name, want, r.stdout))
        check(len(set(outputs.values())) == 1, "C, C++ and static give the same output")
        ldd = subprocess.run(["ldd", os.path.join(tmp, "embed-0")], capture_output=True,
                             text=True, env=dict(env, LD_LIBRARY_PATH=libdir))
        check(os.path.join(libdir, "librk.so.0") in ldd.stdout,
              "the C program runs on the installed librk.so.0: %s" % ldd.stdout)

        python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        if pkg:
            r = subprocess.run([python, "-c", PY], capture_output=True, text=True, cwd=tmp,
                               env=dict(env, LD_LIBRARY_PATH=libdir,
                                        PYTHONPATH=os.path.dirname(os.path.dirname(pkg[0]))))
            check(r.returncode == 0, "python3 -c 'import reckon': %s" % r.stderr)
            out = r.stdout.splitlines()
            check(len(out) == 2 and out[0] == pkg[0], "the installed package was imported: %s"
                  % out)
            check(len(out) == 2 and out[1] == "deaths/security_forces contradiction 13 18 "
                  "['18', '13']", "python: %s" % out)
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])))
