#!/usr/bin/env python3
"""Key-to-screen latency of the app in a real X window, and its CPU use when idle.

Starts the casebook binary under its own Xvfb on a case, presses F8 (which shows or hides the
tradecraft checks panel) through XTest, and times how long until the pixels of a strip of the
window change, polling the screen every millisecond or so. Then leaves the app alone and reads
its CPU time from /proc: an app that repaints when nothing changes shows up there.

usage: latency_bench.py BINARY CASE_FILE [--renderer auto|wgpu|glow] [--presses N]
prints one line per measurement; needs Xvfb, xdotool and the python-xlib package.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from Xlib import X, XK, display
from Xlib.ext import xtest


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("case")
    parser.add_argument("--renderer", default=None)
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait after the case opens")
    args = parser.parse_args()

    number = 400 + os.getpid() % 200
    screen = f":{number}"
    xvfb = subprocess.Popen(
        ["Xvfb", screen, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = None
    try:
        time.sleep(1.0)
        env = dict(os.environ, DISPLAY=screen, CASEBOOK_DATA_DIR=tempfile.mkdtemp())
        command = [args.binary, args.case]
        if args.renderer:
            command += ["--renderer", args.renderer]
        log = tempfile.NamedTemporaryFile("w+", suffix=".log")
        app = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        name = os.path.basename(args.case)
        started = time.monotonic()
        wid = subprocess.run(
            ["timeout", "120", "xdotool", "search", "--sync", "--name", name],
            env=env, capture_output=True, text=True,
        ).stdout.split()
        if not wid:
            sys.exit(f"no window titled {name}")
        window_after = time.monotonic() - started
        # The case opens in the background: wait until the app has been idle for a while.
        time.sleep(args.settle)
        subprocess.run(["xdotool", "windowfocus", "--sync", wid[0]], env=env, check=True)
        log.seek(0)
        renderer = next((l.strip() for l in log if l.startswith("casebook: renderer")), "casebook: renderer ?")

        d = display.Display(screen)
        root = d.screen().root
        geometry = d.create_resource_object("window", int(wid[0])).get_geometry()
        width, height = geometry.width, geometry.height
        # A strip two thirds down the window: the checks panel covers it when shown.
        strip_y = int(height * 0.8)

        def strip():
            return root.get_image(0, strip_y, width, 6, X.ZPixmap, 0xFFFFFFFF).data

        keycode = d.keysym_to_keycode(XK.string_to_keysym("F8"))
        latencies = []
        for _ in range(args.presses):
            before = strip()
            t0 = time.perf_counter()
            xtest.fake_input(d, X.KeyPress, keycode)
            xtest.fake_input(d, X.KeyRelease, keycode)
            d.sync()
            while strip() == before:
                if time.perf_counter() - t0 > 60:
                    sys.exit("the screen did not change within 60 s of F8")
                time.sleep(0.0005)
            latencies.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)

        # Idle: nothing pressed, nothing moving.
        time.sleep(1.0)
        c0, w0 = cpu_seconds(app.pid), time.monotonic()
        time.sleep(5.0)
        idle = (cpu_seconds(app.pid) - c0) / (time.monotonic() - w0) * 100

        latencies.sort()
        print(renderer)
        print(
            f"key to screen (F8, {len(latencies)} presses): median {statistics.median(latencies):.0f} ms, "
            f"slowest {latencies[-1]:.0f} ms, fastest {latencies[0]:.0f} ms"
        )
        print(f"CPU while idle: {idle:.1f} % of one core over 5 s")
        print(f"window titled with the case {window_after:.1f} s after launch, {width}x{height}")
    finally:
        if app:
            app.kill()
        xvfb.kill()


if __name__ == "__main__":
    main()
