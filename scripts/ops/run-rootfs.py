#!/usr/bin/env python3
"""Runs a command inside a staged container root the way the runtime would run the image: chrooted into
ROOT, in WORKDIR, as UID:GID with no supplementary groups, with exactly the environment given (nothing
inherited). The process execs in place, so the caller's $! is the server's pid.

    run-rootfs.py ROOT WORKDIR UID:GID [NAME=VALUE ...] -- PROGRAM [ARG ...]

Needs root (chroot); the command itself runs unprivileged.
"""
import os
import sys


def main(argv):
    if "--" not in argv or len(argv) < 5:
        sys.exit(__doc__)
    split = argv.index("--")
    root, workdir, ids = argv[1:4]
    env = dict(pair.split("=", 1) for pair in argv[4:split])
    command = argv[split + 1:]
    uid, gid = (int(part) for part in ids.split(":"))
    os.chroot(root)
    os.chdir(workdir)
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv)
