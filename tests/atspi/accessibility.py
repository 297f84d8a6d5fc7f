"""The inspector as a screen reader sees it, through the real AT-SPI bus (issue 10).

Started by run-atspi-check inside a virtual display and a session bus of its own: starts
the AT-SPI bus, then the inspector on a copy of the sample snapshot (editable, unlike the
built-in sample) with cn-01_numa0 selected, in a home folder of its own, and
checks what the accessibility tree says (roles, names, descriptions, the focused state):
tree rows, inventory cells and row headers, the details side's controls and the keyboard
leaving the inventory table with Tab (keys typed on the X display with xdotool).
Exit status 0 when everything is said as expected, 1 otherwise (each miss is printed).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

TIMEOUT = 60  # seconds for the bus and the inspector to come up (ASan builds are slow)

EXPECTED = [
    # (role, name): what a screen reader reads.
    ("table cell", "cn-01_numa0, NUMA node, MEMORY_MB 90 % used, PCPU 88 % used, VCPU 88 % used"),
    ("table cell", "cn-01:NIC Switch agent, network / bandwidth"),
    ("table row header", "VCPU, total 32, capacity 128, used 112, 88 %"),
    ("table row header", "PCPU, total 16, used 14, 88 %"),
    ("table cell", "VCPU total 32"),
    ("table cell", "VCPU allocation ratio 4"),
    ("table cell", "PCPU used 14 of 16, 88 %"),
    ("table column header", "Max unit"),
    ("text", "UUID"),
    ("push button", "Copy UUID"),
    ("label", "Parent: cn-01"),
    ("label", "Root: cn-01"),
    ("label", "Generation: 17"),
    ("text", "Resource class to add"),
    ("spin button", "Total of the resource class to add"),
    ("push button", "Add resource class"),
    ("push button", "Remove resource class"),
    ("list", "Traits"),
    ("text", "Trait to add"),
    ("push button", "Add trait"),
    ("push button", "Remove the selected traits"),
    ("list", "Aggregates"),
    ("push button", "Add aggregate"),
]


def wait_for(what, probe, timeout=TIMEOUT):
    """Calls probe() until it returns something true; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = probe()
        except Exception:  # the bus or the application is not up yet
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            sys.exit(f"accessibility: timed out waiting for {what}")
        time.sleep(0.1)


def application(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def walk(node, out, depth=0, into_views=True):
    """Every (role, name, description, node) below `node`, depth-first; without the rows
    and cells of item views unless `into_views` (each node is a round trip on the bus)."""
    if node is None or depth > 40:
        return
    role = node.getRoleName()
    out.append((role, node.name or "", node.description or "", node))
    if not into_views and role in ("tree", "table", "list", "tree table"):
        return
    for i in range(node.childCount):
        walk(node.getChildAtIndex(i), out, depth + 1, into_views)


def focused(app):
    """The widgets that have the keyboard focus (item views as a whole)."""
    nodes = []
    walk(app, nodes, into_views=False)
    return [(role, name) for role, name, _, node in nodes
            if node.getState().contains(pyatspi.STATE_FOCUSED)]


def main():
    inspector, sample = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="provtree-atspi-")
    snapshot = os.path.join(home, "sample.json")
    shutil.copyfile(sample, snapshot)
    # Settings, recent files and recovery files go to the throwaway home.
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb", HOME=home,
               XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_CACHE_HOME=os.path.join(home, "cache"))
    env.setdefault("XDG_RUNTIME_DIR", home)  # mkdtemp: 0700, as Qt wants it
    bus = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
    wait_for("the AT-SPI bus", lambda: pyatspi.Registry.getDesktop(0) is not None)
    app_process = subprocess.Popen([inspector, snapshot, "--select", "cn-01_numa0"], env=env)
    failures = []
    try:
        app = wait_for("the inspector on the bus", lambda: application(app_process.pid))
        nodes = []

        def loaded():
            nodes.clear()
            walk(app, nodes)
            return any(role == "table cell" and name == "VCPU" for role, name, _, _ in nodes)
        wait_for("the inventory of cn-01_numa0", loaded)

        said = {(role, name) for role, name, _, _ in nodes}
        for role, name in EXPECTED:
            if (role, name) not in said:
                near = sorted(n for r, n in said if r == role)[:40]
                failures.append(f"missing {role} {name!r}; {role}s said: {near}")
        tables = [desc for role, name, desc, _ in nodes if role == "table" and name == "Inventory"]
        if not tables or "Tab leaves the table" not in tables[0]:
            failures.append(f"the inventory table does not say how to leave it: {tables[:1]}")

        # The keyboard, through the X display: from the tree, Tab to the inventory table,
        # one more Tab leaves it, Shift+Tab comes back.
        window = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app_process.pid)],
                                capture_output=True, text=True).stdout.split()
        if window:
            subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], check=False)
        wait_for("the provider tree to have the focus", lambda: ("tree", "Providers") in focused(app), 20)

        def press(key):
            """Types `key` and waits for the focus to move (keys reach the application later)."""
            before = focused(app)
            subprocess.run(["xdotool", "key", key], check=True)
            wait_for(f"{key} to move the focus from {before}", lambda: focused(app) != before, 10)
        try:
            for _ in range(12):
                if ("table", "Inventory") in focused(app):
                    break
                press("Tab")
            if ("table", "Inventory") not in focused(app):
                failures.append(f"Tab never reached the inventory table; focused: {focused(app)}")
            else:
                press("Tab")
                if ("text", "Resource class to add") not in focused(app):
                    failures.append(f"Tab did not leave the inventory table; focused: {focused(app)}")
                press("shift+Tab")
                if ("table", "Inventory") not in focused(app):
                    failures.append(f"Shift+Tab did not come back to the table; focused: {focused(app)}")
        except SystemExit as timeout:  # the focus did not move at all
            failures.append(f"{timeout}; focused: {focused(app)}")
    finally:
        app_process.terminate()
        app_process.wait(30)
        bus.terminate()
        bus.wait(30)
        shutil.rmtree(home, ignore_errors=True)
    for failure in failures:
        print("accessibility:", failure)
    print(f"accessibility: {len(EXPECTED)} names checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
