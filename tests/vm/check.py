#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The host's side of the real-kernel tier: takes one boot's guest console,
unpacks the result block that tests/vm/guest-init sent between its marker
lines, and compares what vfio-sva said in the guest with the guest's own
ground truth (sysfs, /dev/vfio, lspci -vvv, dmesg). Nothing about the
machine is hard-coded here: adding a QEMU device needs no edit.

Prints one line per assertion, "PASS: vm: BOOT: name" or
"FAIL: vm: BOOT: name: detail"; exits 1 if anything failed.
"""
import argparse
import base64
import binascii
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "lib"))
import vtest  # noqa: E402
from vtest import check, skip  # noqa: E402

# the detail of a FAIL line may carry guest logs: room for more of them
vtest.begin("vm", detail_max=1500)
vtest.scope("?")


# --- the result block ------------------------------------------------------

def unpack(console, nonce, out):
    """The tar.gz between the markers, unpacked into out; error or None."""
    begin = f"@@VFIO-SVA-VM BEGIN {nonce}@@"
    end = f"@@VFIO-SVA-VM END {nonce}@@"
    try:
        with open(console, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError as e:
        return f"cannot read the console log: {e}"
    lines = [ln.strip("\r") for ln in text.split("\n")]
    try:
        b = lines.index(begin)
    except ValueError:
        return "no result block on the console (the guest did not get to the end)"
    try:
        e = lines.index(end, b + 1)
    except ValueError:
        return "the result block has no end marker (console cut short)"
    try:
        blob = base64.b64decode("".join(lines[b + 1:e]), validate=True)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as t:
            for m in t.getmembers():
                if not (m.isfile() or m.isdir()) or m.name.startswith("/") \
                        or ".." in m.name.split("/"):
                    return f"unexpected member {m.name!r} in the result block"
            t.extractall(out)
    except (binascii.Error, ValueError, tarfile.TarError, OSError) as e:
        return f"the result block does not decode: {e}"
    return None


class Out:
    def __init__(self, root):
        self.root = root

    def path(self, name):
        return os.path.join(self.root, name)

    def exists(self, name):
        return os.path.exists(self.path(name))

    def text(self, name, default=""):
        try:
            with open(self.path(name), encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return default

    def rc(self, name):
        t = self.text(name + ".rc").strip()
        return int(t) if t.lstrip("-").isdigit() else None

    def json(self, name):
        """(document, error) of NAME.out."""
        t = self.text(name + ".out")
        try:
            return json.loads(t), None
        except ValueError as e:
            return None, f"not JSON ({e}): {t[:300]!r}"


# --- ground truth ----------------------------------------------------------

class Truth:
    """What the guest itself says, from one truth-TAG directory."""

    def __init__(self, out, tag):
        d = f"truth-{tag}/"
        self.ok = out.exists(d + "devices")
        self.release = out.text(d + "release").strip()
        self.proc_version = out.text(d + "proc-version").strip()
        self.vfio = out.text(d + "vfio").strip() == "yes"
        self.iommufd = out.text(d + "iommufd").strip() == "yes"
        self.cpuflags = set(out.text(d + "cpuflags").split(":", 1)[-1].split())
        self.groups = {}        # id -> {"type", "members"}
        for ln in out.text(d + "groups").splitlines():
            w = ln.split()
            if len(w) >= 2:
                self.groups[int(w[0])] = {"type": w[1], "members": w[2:]}
        self.devices = {}       # bdf -> dict
        for ln in out.text(d + "devices").splitlines():
            w = ln.split()
            if len(w) != 9:
                continue
            self.devices[w[0]] = {
                "vendor": w[1][2:], "device": w[2][2:], "class": w[3][2:],
                "driver": None if w[4] == "-" else w[4],
                "group": None if w[5] == "-" else int(w[5]),
                "iommu": None if w[6] == "-" else w[6],
                "header": int(w[7], 16) & 0x7f,
                "config_size": int(w[8]),
            }
        self.iommus = {}
        for ln in out.text(d + "iommus").splitlines():
            w = ln.split()
            if len(w) == 5 and w[1] == "intel":
                self.iommus[w[0]] = {"cap": int(w[2], 16),
                                     "ecap": int(w[3], 16),
                                     "version": w[4]}
            elif w:
                self.iommus[w[0]] = None
        self.nodes = {}         # "/dev/vfio/N" -> (mode, uid, gid)
        for ln in out.text(d + "vfio-nodes").splitlines():
            w = ln.split()
            if len(w) == 4:
                self.nodes[w[0]] = (w[1], int(w[2]), int(w[3]))
        self.lspci = parse_lspci(out.text(d + "lspci"))

    def viable(self, gid):
        for m in self.groups[gid]["members"]:
            dev = self.devices.get(m)
            if dev is None:
                continue
            if dev["driver"] in (None, "vfio-pci", "pci-stub"):
                continue
            if dev["header"] != 0:      # bridges may keep their driver
                continue
            return False
        return True

    def node(self, gid):
        return f"/dev/vfio/{gid}"


def parse_lspci(text):
    """bdf -> {"caps": [names], "ats": {...} or None, "driver": str}."""
    devs = {}
    cur = None
    for ln in text.splitlines():
        if ln and not ln[0].isspace():
            bdf = ln.split()[0]
            cur = devs.setdefault(bdf, {"caps": [], "ats": None,
                                        "driver": None, "express": False})
            continue
        if cur is None:
            continue
        s = ln.strip()
        m = re.match(r"Capabilities: \[([0-9a-f]+)(?: v\d+)?\] (.*)", s)
        if m:
            cur["caps"].append(m.group(2))
            if m.group(2).startswith("Express"):
                cur["express"] = True
            if "Address Translation Service (ATS)" in m.group(2):
                cur["ats"] = {}
            continue
        m = re.match(r"ATSCap:\s+Invalidate Queue Depth: ([0-9a-f]+)", s)
        if m and cur["ats"] is not None:
            cur["ats"]["queue_depth"] = int(m.group(1), 16) or 32
        m = re.match(r"ATSCtl:\s+Enable([+-]), Smallest Translation Unit: "
                     r"([0-9a-f]+)", s)
        if m and cur["ats"] is not None:
            cur["ats"]["enabled"] = m.group(1) == "+"
            cur["ats"]["stu"] = int(m.group(2), 16)
        m = re.match(r"Kernel driver in use: (\S+)", s)
        if m:
            cur["driver"] = m.group(1)
    return devs


def has_cap(lsdev, words):
    return any(words in c for c in lsdev["caps"])


# --- helpers on the list document ------------------------------------------

def codes(verdict):
    return [r.get("code") for r in (verdict or {}).get("reasons", [])]


def unit_codes(unit):
    return [r.get("code") for r in unit.get("reasons", [])]


def json_devices(doc):
    devs = {}
    for g in doc.get("groups", []):
        for d in g.get("devices", []):
            devs[d.get("name")] = (g, d)
    for d in doc.get("ungrouped", []):
        devs[d.get("name")] = (None, d)
    return devs


def bit(v, n):
    return (v >> n) & 1


def sm_truth(out):
    """Did the kernel turn scalable mode on? From its own dmesg: with
    caching mode (every QEMU vIOMMU here) it warns when it did not."""
    return "Scalable Mode not enabled" not in out.text("dmesg.txt")


# --- list as root, against the ground truth ---------------------------------

# Debian package versions that carry the x86 SVA disable alone
# (src/list/kernel_rules.c, LINE_DEBIAN rows): [first, end)
DEBIAN_X86_GUARD = (("6.1.164-1", "6.2"), ("6.12.69-1", "6.13"))


def dpkg_ge(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "ge", b]).returncode == 0


def check_debian_kernel(label, truth, doc):
    """The guest's own Debian kernel, judged from its /proc/version."""
    m = re.search(r"#.*? Debian (\d\S*)", truth.proc_version)
    if not m:
        skip(f"{label}: Debian kernel rules",
             f"no Debian package version in /proc/version "
             f"({truth.proc_version[:80]!r})")
        return
    pkg = m.group(1)
    k = doc.get("kernel", {})
    check(f"{label}: kernel.package_version is /proc/version's",
          k.get("package_version") == pkg,
          f"{k.get('package_version')!r} vs {pkg!r}")
    if not shutil.which("dpkg"):
        skip(f"{label}: x86 SVA disable", "no dpkg to compare versions")
        return
    guarded = any(dpkg_ge(pkg, lo) and not dpkg_ge(pkg, hi)
                  for lo, hi in DEBIAN_X86_GUARD)
    reasons = {r.get("code"): r for r in k.get("reasons", [])}
    x86 = reasons.get("kernel-x86-sva-disabled")
    if guarded and k.get("arch") == "x86_64":
        check(f"{label}: Debian {pkg} gets the x86 SVA disable",
              x86 is not None and x86.get("blocking") is True and
              "CVE-2025-71089" in x86.get("message", ""), k)
        check(f"{label}: so no group says yes or unknown",
              all(g["sva"]["capable"] == "no"
                  for g in doc.get("groups", [])),
              [(g["id"], g["sva"]["capable"]) for g in doc.get("groups", [])])
    else:
        check(f"{label}: Debian {pkg} is not guarded: no x86 disable",
              x86 is None, k.get("reasons"))


def check_list_root(out, truth, name, tag, args):
    doc, err = out.json(name)
    label = f"list --json ({tag})"
    if not check(f"{label}: exit 0 and a JSON document",
                 out.rc(name) == 0 and doc is not None,
                 f"exit {out.rc(name)}; {err}; stderr: "
                 f"{out.text(name + '.err')!r}"):
        return None
    check(f"{label}: nothing on stderr", out.text(name + ".err") == "",
          repr(out.text(name + ".err")))
    check(f"{label}: schema 1", doc.get("schema") == 1, doc.get("schema"))

    k = doc.get("kernel", {})
    check(f"{label}: kernel.release is uname -r",
          k.get("release") == truth.release,
          f"{k.get('release')!r} vs {truth.release!r}")
    check(f"{label}: kernel.vfio and kernel.iommufd as /dev says",
          k.get("vfio") == truth.vfio and k.get("iommufd") == truth.iommufd,
          f"vfio {k.get('vfio')} (truth {truth.vfio}), iommufd "
          f"{k.get('iommufd')} (truth {truth.iommufd})")
    check_debian_kernel(label, truth, doc)
    check(f"{label}: kernel.bind_ioctl is no, because of ENOTTY",
          k.get("bind_ioctl") == "no" and
          "ENOTTY" in str(k.get("bind_ioctl_reason")),
          f"bind_ioctl {k.get('bind_ioctl')!r}, reason "
          f"{k.get('bind_ioctl_reason')!r}")

    # IOMMU units
    units = {u.get("name"): u for u in doc.get("iommus", [])}
    check(f"{label}: IOMMU units are /sys/class/iommu's",
          set(units) == set(truth.iommus),
          f"{sorted(units)} vs {sorted(truth.iommus)}")
    sm_on = sm_truth(out)
    for uname, t in truth.iommus.items():
        u = units.get(uname)
        if u is None or t is None:
            continue
        regs = u.get("registers", {})
        try:
            e = int(regs.get("ecap"), 16)
            c = int(regs.get("cap"), 16)
        except (TypeError, ValueError):
            e = c = None
        check(f"{label}: {uname}: registers.ecap and cap are sysfs's",
              e == t["ecap"] and c == t["cap"] and
              regs.get("version") == t["version"],
              f"ecap {regs.get('ecap')} vs {t['ecap']:x}, cap "
              f"{regs.get('cap')} vs {t['cap']:x}, version "
              f"{regs.get('version')} vs {t['version']}")
        check(f"{label}: {uname}: kind intel-vtd", u.get("kind") == "intel-vtd",
              u.get("kind"))
        ec = t["ecap"]
        f = u.get("features", {})
        want = {"pasid": bit(ec, 40), "prs": bit(ec, 29),
                "first_level": bit(ec, 47), "srs": bit(ec, 31),
                "smts": bit(ec, 43), "nest": bit(ec, 26),
                "ats": bit(ec, 2)}
        bad = {k2: (f.get(k2), bool(v)) for k2, v in want.items()
               if f.get(k2) is not bool(v)}
        check(f"{label}: {uname}: features decode the ecap bits", not bad,
              f"feature: (said, ecap) {bad}")
        if bit(ec, 40):
            check(f"{label}: {uname}: pasid_bits is ecap.PSS + 1",
                  u.get("pasid_bits") == ((ec >> 35) & 31) + 1,
                  f"{u.get('pasid_bits')} vs {((ec >> 35) & 31) + 1}")
        uc = unit_codes(u)
        exp = {"iommu-no-pasid": not bit(ec, 40),
               "iommu-no-prs": not bit(ec, 29),
               "iommu-no-first-level": not bit(ec, 47),
               "iommu-no-scalable-mode": not bit(ec, 43),
               # page-size checks apply to first-level tables only
               "iommu-no-fl1gp": bit(ec, 47) and
               "pdpe1gb" in truth.cpuflags and not bit(t["cap"], 56),
               "iommu-no-fl5lp": bit(ec, 47) and
               "la57" in truth.cpuflags and not bit(t["cap"], 60)}
        if bit(ec, 43):
            exp["scalable-mode-off"] = not sm_on
        bad = {c2: ("present" if c2 in uc else "missing")
               for c2, w in exp.items() if (c2 in uc) != w}
        check(f"{label}: {uname}: reasons follow from ecap, cap, CPU flags "
              f"and dmesg", not bad, f"{bad}; reasons {uc}")
        for c2 in args.unit_reasons:
            check(f"{label}: {uname}: reasons include {c2}", c2 in uc,
                  f"reasons {uc}")
        if args.unit_reasons_any:
            check(f"{label}: {uname}: reasons include one of "
                  f"{'/'.join(args.unit_reasons_any)}",
                  any(c2 in uc for c2 in args.unit_reasons_any),
                  f"reasons {uc}")
        check(f"{label}: {uname}: sva no", u.get("sva") == "no",
              u.get("sva"))
        if bit(ec, 43):
            check(f"{label}: kernel.scalable_mode is what dmesg says "
                  f"({'on' if sm_on else 'off'})",
                  k.get("scalable_mode") is sm_on,
                  f"{k.get('scalable_mode')!r} "
                  f"({k.get('scalable_mode_reason')!r})")

    # groups and members
    groups = {g.get("id"): g for g in doc.get("groups", [])}
    check(f"{label}: group ids are /sys/kernel/iommu_groups'",
          set(groups) == set(truth.groups),
          f"{sorted(groups)} vs {sorted(truth.groups)}")
    bad = []
    for gid, tg in truth.groups.items():
        g = groups.get(gid)
        if g is None:
            continue
        names = [d.get("name") for d in g.get("devices", [])]
        if sorted(names) != sorted(tg["members"]):
            bad.append(f"group {gid}: {names} vs {tg['members']}")
        if g.get("type") != tg["type"]:
            bad.append(f"group {gid}: type {g.get('type')} vs {tg['type']}")
    check(f"{label}: group members and types are sysfs's", not bad,
          "; ".join(bad))
    # the guest has the host's pci.ids: QEMU's Q35 functions are Intel's
    devs = [d for g in doc.get("groups", []) for d in g.get("devices", [])]
    intel = [d for d in devs if d.get("vendor") == "8086"]
    check(f"{label}: vendor names from pci.ids",
          intel and all(d.get("vendor_name") == "Intel Corporation"
                        for d in intel),
          [(d.get("name"), d.get("vendor_name")) for d in intel])

    bad_node, bad_viable, bad_reasons = [], [], []
    for gid, tg in truth.groups.items():
        g = groups.get(gid)
        if g is None:
            continue
        v = g.get("vfio", {})
        present = truth.node(gid) in truth.nodes
        if v.get("node") != truth.node(gid) or v.get("present") is not present \
                or v.get("accessible") is not present:
            bad_node.append(f"group {gid}: {v} (node there: {present})")
        viable = truth.viable(gid)
        if v.get("viable") is not viable:
            bad_viable.append(f"group {gid}: said {v.get('viable')}, "
                              f"members' drivers say {viable}")
        gc = codes(g.get("sva"))
        exp = {"kernel-no-bind-ioctl": True,
               "group-not-viable": not viable,
               "group-no-node": not present,
               "group-several-devices": len(tg["members"]) > 1,
               "group-not-accessible": False}
        wrong = [c2 for c2, w in exp.items() if (c2 in gc) != w]
        if wrong or g.get("sva", {}).get("capable") != "no":
            bad_reasons.append(f"group {gid}: wrong about {wrong}, capable "
                               f"{g.get('sva', {}).get('capable')}, "
                               f"reasons {gc}")
    check(f"{label}: vfio.node/present/accessible match /dev/vfio", not bad_node,
          "; ".join(bad_node))
    check(f"{label}: vfio.viable: every member on vfio-pci or no driver "
          f"(bridges aside)", not bad_viable, "; ".join(bad_viable))
    check(f"{label}: group verdicts: no, with the right group reasons",
          not bad_reasons, "; ".join(bad_reasons))

    # devices
    jdevs = json_devices(doc)
    bad_ids, bad_caps, bad_reasons = [], [], []
    for bdf, t in truth.devices.items():
        if bdf not in jdevs:
            bad_ids.append(f"{bdf} missing")
            continue
        g, d = jdevs[bdf]
        said = (d.get("vendor"), d.get("device"), d.get("class"),
                d.get("driver"), d.get("group"), d.get("iommu"),
                d.get("config_size"), d.get("config_readable"))
        want = (t["vendor"], t["device"], t["class"], t["driver"],
                t["group"], t["iommu"], t["config_size"], True)
        if said != want:
            bad_ids.append(f"{bdf}: said {said}, sysfs {want}")
        ls = truth.lspci.get(bdf)
        if ls is None:
            bad_caps.append(f"{bdf}: not in lspci")
            continue
        if ls["driver"] != t["driver"]:
            bad_ids.append(f"{bdf}: lspci's driver {ls['driver']} vs "
                           f"sysfs {t['driver']}")
        ats, pri, pasid = d.get("ats", {}), d.get("pri", {}), d.get("pasid", {})
        has_ats = ls["ats"] is not None
        has_pri = has_cap(ls, "Page Request Interface (PRI)")
        has_pasid = has_cap(ls, "Process Address Space ID (PASID)")
        if ats.get("present") is not has_ats:
            bad_caps.append(f"{bdf}: ats.present {ats.get('present')}, "
                            f"lspci {has_ats}")
        elif has_ats:
            la = ls["ats"]
            got = (ats.get("enabled"), ats.get("stu"), ats.get("queue_depth"))
            exp_ = (la.get("enabled"), la.get("stu"), la.get("queue_depth"))
            if got != exp_:
                bad_caps.append(f"{bdf}: ats (enabled, stu, queue_depth) "
                                f"{got}, lspci {exp_}")
        if pri.get("present") is not has_pri:
            bad_caps.append(f"{bdf}: pri.present {pri.get('present')}, "
                            f"lspci {has_pri}")
        if pasid.get("present") is not has_pasid:
            bad_caps.append(f"{bdf}: pasid.present {pasid.get('present')}, "
                            f"lspci {has_pasid}")
        if d.get("pcie") is not ls["express"]:
            bad_caps.append(f"{bdf}: pcie {d.get('pcie')}, lspci Express "
                            f"{ls['express']}")
        dc = codes(d.get("sva"))
        extended = t["config_size"] > 256
        exp = {"device-no-pasid": extended and not has_pasid,
               "device-no-pri": extended and not has_pri,
               "device-no-ats": extended and not has_ats,
               "not-pcie": not extended and not ls["express"],
               "no-extended-config": not extended and ls["express"],
               "device-not-vfio": t["driver"] not in (None, "vfio-pci"),
               "device-no-driver": t["driver"] is None}
        wrong = [c2 for c2, w in exp.items() if (c2 in dc) != w]
        if wrong or d.get("sva", {}).get("capable") != "no":
            bad_reasons.append(f"{bdf}: wrong about {wrong}, capable "
                               f"{d.get('sva', {}).get('capable')}, "
                               f"reasons {dc}")
    extra = set(jdevs) - set(truth.devices)
    if extra:
        bad_ids.append(f"not PCI devices in sysfs: {sorted(extra)}")
    check(f"{label}: devices: ids, class, driver, group, unit, config size "
          f"are sysfs's", not bad_ids, "; ".join(bad_ids))
    check(f"{label}: devices: ATS, PRI, PASID and PCIe as lspci -vvv decodes "
          f"them", not bad_caps, "; ".join(bad_caps))
    check(f"{label}: device verdicts: no, no PASID (device-no-pasid, or "
          f"not-pcie for conventional functions), driver reasons right",
          not bad_reasons, "; ".join(bad_reasons))
    return doc


def check_rig(out, truth, args):
    """What the rig is meant to give; if QEMU changes, this says so."""
    lsall = truth.lspci
    check("rig: no device has a PASID or PRI capability (lspci)",
          not any(has_cap(d, "(PASID)") or has_cap(d, "(PRI)")
                  for d in lsall.values()),
          [b for b, d in lsall.items()
           if has_cap(d, "(PASID)") or has_cap(d, "(PRI)")])
    ats = [b for b, d in lsall.items() if d["ats"] is not None]
    check("rig: some device has ATS (virtio-net behind a root port)", ats,
          "no ATS capability anywhere in lspci -vvv")
    # lspci -k looks for modules.dep, which the initramfs does not have
    errs = [ln for ln in out.text("truth-a/lspci.err").splitlines()
            if "Unable to load libkmod resources" not in ln]
    check("rig: lspci -vvv ran", not errs and lsall, errs or "no devices")
    nodes = {n: v for n, v in truth.nodes.items() if n != "/dev/vfio/vfio"}
    check("rig: some group is on vfio-pci, its node root-only 0600",
          nodes and all(v == ("600", 0, 0) for v in nodes.values()),
          truth.nodes)
    check("rig: some groups are not viable, some are",
          any(truth.viable(g) for g in truth.groups) and
          not all(truth.viable(g) for g in truth.groups),
          {g: truth.viable(g) for g in truth.groups})
    for uname, t in truth.iommus.items():
        if t is None:
            continue
        e = t["ecap"]
        if args.scalable_hw:
            check(f"rig: {uname} ecap has PASID, SRS, SMTS, no FLTS or PRS",
                  bit(e, 40) and bit(e, 31) and bit(e, 43) and
                  not bit(e, 47) and not bit(e, 29), f"ecap {e:x}")
        else:
            check(f"rig: {uname} ecap has no SMTS and no PASID",
                  not bit(e, 43) and not bit(e, 40), f"ecap {e:x}")


# --- text output ------------------------------------------------------------

GROUP_RE = re.compile(r"^\s*Group (\d+) \(([^,]+), (.+), (viable|not viable)\)"
                      r": SVA (yes|no|unknown)$")
# names from pci.ids (as lspci -nn) may stand before the ids
DEV_RE = re.compile(r"^\s*([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) "
                    r"(?:.* )?\[([0-9a-f]{4}):([0-9a-f]{4})\] class ([0-9a-f]{6}), "
                    r"(.+): SVA (yes|no|unknown)$")


def check_text(out, truth, name, who):
    text = out.text(name + ".out")
    label = f"list text ({who})"
    check(f"{label}: exit 0, nothing on stderr",
          out.rc(name) == 0 and out.text(name + ".err") == "",
          f"exit {out.rc(name)}, stderr {out.text(name + '.err')!r}")
    lines = text.splitlines()
    first = lines[0] if lines else ""
    bind = "no" if who == "root" else "unknown"
    check(f"{label}: first line names the kernel and VFIO_IOMMU_BIND {bind}",
          re.match(rf"Kernel {re.escape(truth.release)}( \([^)]*\))?: "
                   rf"VFIO yes, iommufd "
                   rf"{'yes' if truth.iommufd else 'no'}, "
                   rf"VFIO_IOMMU_BIND {bind} \(", first) is not None,
          repr(first))
    bad = [ln for ln in lines if "(null)" in ln or "\x1b" in ln or
           "%" in ln]
    check(f"{label}: no (null), escape codes or stray %", not bad, bad)
    for uname in truth.iommus:
        check(f"{label}: IOMMU {uname} has its line",
              any(ln.startswith(f"IOMMU {uname} (intel-vtd): SVA no")
                  for ln in lines), "missing")
    seen_g, seen_d, bad = {}, {}, []
    for ln in lines:
        m = GROUP_RE.match(ln)
        if m:
            gid = int(m.group(1))
            seen_g[gid] = seen_g.get(gid, 0) + 1
            if gid not in truth.groups:
                bad.append(f"unknown group {gid}")
                continue
            node = truth.node(gid)
            if node not in truth.nodes:
                want_node = f"no {node}"
            elif who == "root":
                want_node = node
            else:
                want_node = f"{node} not accessible"
            want = (truth.groups[gid]["type"], want_node,
                    "viable" if truth.viable(gid) else "not viable", "no")
            if m.group(2, 3, 4, 5) != want:
                bad.append(f"{ln.strip()!r}: want {want}")
            continue
        m = DEV_RE.match(ln)
        if m:
            bdf = m.group(1)
            seen_d[bdf] = seen_d.get(bdf, 0) + 1
            t = truth.devices.get(bdf)
            if t is None:
                bad.append(f"unknown device {bdf}")
                continue
            want = (t["vendor"], t["device"], t["class"],
                    t["driver"] or "no driver", "no")
            if m.group(2, 3, 4, 5, 6) != want:
                bad.append(f"{ln.strip()!r}: want {want}")
    if sorted(seen_g) != sorted(truth.groups) or \
            any(v != 1 for v in seen_g.values()):
        bad.append(f"group lines {seen_g} vs groups {sorted(truth.groups)}")
    if sorted(seen_d) != sorted(truth.devices) or \
            any(v != 1 for v in seen_d.values()):
        bad.append(f"device lines {seen_d} vs devices "
                   f"{sorted(truth.devices)}")
    check(f"{label}: one line per group and device, agreeing with sysfs",
          not bad, "; ".join(bad))
    return lines


def check_verbose(out, doc):
    name = "list-root-verbose"
    text = out.text(name + ".out")
    check("list -v text: exit 0", out.rc(name) == 0, out.rc(name))
    all_codes = set()
    for u in doc.get("iommus", []):
        all_codes.update(unit_codes(u))
    for g in doc.get("groups", []):
        all_codes.update(codes(g.get("sva")))
        for d in g.get("devices", []):
            all_codes.update(codes(d.get("sva")))
    shown = set(re.findall(r"^\s*[-?] \[([a-z0-9-]+)\] ", text, re.M))
    check("list -v text: the reason codes shown are the JSON's, all of "
          "them but the kernel's", shown == all_codes - {"kernel-no-bind-ioctl"},
          f"text only {sorted(shown - all_codes)}, JSON only "
          f"{sorted(all_codes - shown)}")


def check_noprobe(out):
    doc, err = out.json("list-root-noprobe")
    k = (doc or {}).get("kernel", {})
    check("list --no-probe: bind_ioctl unknown, not probed",
          out.rc("list-root-noprobe") == 0 and k.get("bind_ioctl") == "unknown"
          and "no-probe" in str(k.get("bind_ioctl_reason")),
          f"exit {out.rc('list-root-noprobe')}; {err or k}")
    fds = out.text("fds-after-list").strip()
    check("list: no /dev/vfio file left open after the probe", fds == "", fds)


def check_user(out, truth, root_doc):
    name = "list-user"
    doc, err = out.json(name)
    label = "list --json (uid 65534)"
    if not check(f"{label}: exit 0 and a JSON document, no crash",
                 out.rc(name) == 0 and doc is not None,
                 f"exit {out.rc(name)}; {err}; stderr "
                 f"{out.text(name + '.err')!r}"):
        return
    jdevs = json_devices(doc)
    bad = []
    for bdf, (g, d) in jdevs.items():
        if d.get("bus") != "pci":
            continue
        if d.get("config_readable") is not False:
            bad.append(f"{bdf}: config_readable {d.get('config_readable')}")
        for cap in ("ats", "pri", "pasid"):
            if d.get(cap, {}).get("present", "x") is not None:
                bad.append(f"{bdf}: {cap}.present "
                           f"{d.get(cap, {}).get('present')}")
        if "config-needs-privilege" not in codes(d.get("sva")):
            bad.append(f"{bdf}: no config-needs-privilege in "
                       f"{codes(d.get('sva'))}")
    check(f"{label}: config_readable false, ATS/PRI/PASID present null, "
          f"config-needs-privilege", not bad, "; ".join(bad))
    bad = []
    for g in doc.get("groups", []):
        gid = g.get("id")
        v = g.get("vfio", {})
        present = truth.node(gid) in truth.nodes
        if v.get("present") is not present or v.get("accessible") is not False:
            bad.append(f"group {gid}: {v}")
        if present and "group-not-accessible" not in codes(g.get("sva")):
            bad.append(f"group {gid}: no group-not-accessible in "
                       f"{codes(g.get('sva'))}")
    check(f"{label}: vfio-bound groups' nodes present but not accessible",
          not bad, "; ".join(bad))
    k = doc.get("kernel", {})
    check(f"{label}: bind_ioctl unknown (no group it may open)",
          k.get("bind_ioctl") == "unknown", k)
    if root_doc is not None:
        rg = {g["id"]: sorted(d["name"] for d in g["devices"])
              for g in root_doc.get("groups", [])}
        ug = {g["id"]: sorted(d["name"] for d in g["devices"])
              for g in doc.get("groups", [])}
        check(f"{label}: same groups and members as root sees", rg == ug,
              f"{ug} vs {rg}")


# --- bind --------------------------------------------------------------------

ENOTTY_LINE = "vfio-sva: bind: this kernel does not provide VFIO_IOMMU_BIND"


def first_line(out, name):
    t = out.text(name + ".err")
    return t.splitlines()[0] if t else ""


def check_enotty(out, name, what):
    rc = out.rc(name)
    check(f"bind {what}: exit 3 and \"{ENOTTY_LINE[10:]}\"",
          rc == 3 and first_line(out, name) == ENOTTY_LINE,
          f"exit {rc}, stderr {out.text(name + '.err')!r}, stdout "
          f"{out.text(name + '.out')!r}")


def check_json_error(out, name, what):
    doc, err = out.json(name)
    e = (doc or {}).get("error", {})
    check(f"bind --json {what}: {{\"schema\":1,\"error\":{{...,\"exit\":3}}}}",
          out.rc(name) == 3 and doc is not None and doc.get("schema") == 1 and
          e.get("exit") == 3 and e.get("code") == "not-supported" and
          "VFIO_IOMMU_BIND" in str(e.get("message")),
          f"exit {out.rc(name)}; {err or doc}")


def check_bonds(out, name, what):
    doc, err = out.json(name)
    check(f"status --json {what}: no bonds",
          out.rc(name) == 0 and doc is not None and doc.get("schema") == 1 and
          doc.get("bonds") == [],
          f"exit {out.rc(name)}; {err or doc}")


def nothing_open(out, name, what):
    fds = out.text(name + ".fds").strip()
    procs = out.text(name + ".procs", None)
    detail = f"open /dev/vfio files: {fds!r}"
    ok = fds == ""
    if procs is not None:
        ok = ok and procs.strip() == ""
        detail += f"; vfio-sva processes: {procs.strip()!r}"
    check(f"{what}: nothing left open, no vfio-sva process left", ok, detail)


def check_bind(out, truth):
    bg = out.text("bind-group").split()
    if len(bg) != 2:
        check("bind: the edu device and its group were found", False,
              repr(out.text("bind-group")))
        return
    edu, gid = bg[0], int(bg[1])
    check(f"bind: edu's group {gid} is a viable vfio-pci group",
          truth.viable(gid) and truth.node(gid) in truth.nodes and
          truth.devices.get(edu, {}).get("driver") == "vfio-pci",
          f"driver {truth.devices.get(edu, {}).get('driver')}, nodes "
          f"{sorted(truth.nodes)}")
    check_enotty(out, "bind-hold-1", "--hold")
    nothing_open(out, "bind-hold-1", "bind --hold")
    rundir = out.text("bind-hold-1.rundir").split()
    check("bind --hold: no holder socket left in /run/vfio-sva",
          not any(f.startswith("hold-") for f in rundir), rundir)
    check_enotty(out, "bind-hold-2", "--hold again (the group is free, not busy)")
    check_json_error(out, "bind-hold-json", "--hold")
    nothing_open(out, "bind-hold-2", "bind --hold twice")

    dpid = out.text("daemon.pid").strip()
    check_enotty(out, "bind-daemon", "through the daemon")
    check_json_error(out, "bind-daemon-json", "through the daemon")
    check_bonds(out, "status-daemon", "with the daemon up")
    held = [ln for ln in out.text("bind-daemon.fds").splitlines()
            if ln.split()[:1] == [dpid]]
    check("daemon: holds no group after the failed binds", not held, held)
    check_enotty(out, "bind-hold-daemon-up",
                 "--hold while the daemon runs (it let the group go)")
    check("daemon: SIGTERM -> exit 0", out.rc("daemon") == 0,
          f"exit {out.rc('daemon')}; stderr {out.text('daemon.err')!r}")
    nothing_open(out, "daemon-gone", "daemon stopped")
    check_enotty(out, "bind-hold-after-daemon", "--hold after the daemon "
                 "(the group is free again)")
    check_bonds(out, "status-after", "after the daemon")

    nv = out.text("bind-nonviable-group").strip()
    if nv:
        rc = out.rc("bind-nonviable")
        check(f"bind --hold on not-viable group {nv}: exit 5 and says so",
              rc == 5 and "not viable" in first_line(out, "bind-nonviable")
              and not truth.viable(int(nv)),
              f"exit {rc}, stderr {out.text('bind-nonviable.err')!r}")
    else:
        skip("bind on a not viable group", "no such group with a node")
    rc = out.rc("bind-user")
    check(f"bind --hold as uid 65534 on root's /dev/vfio/{gid}: exit 4, "
          f"names the node",
          rc == 4 and f"/dev/vfio/{gid}" in out.text("bind-user.err"),
          f"exit {rc}, stderr {out.text('bind-user.err')!r}")
    rc = out.rc("bind-user-norundir")
    err = out.text("bind-user-norundir.err")
    check("bind --hold as uid 65534 without a runtime directory: fails "
          "cleanly", rc not in (0, None) and rc < 64 and
          err.startswith("vfio-sva: bind: "),
          f"exit {rc}, stderr {err!r}")
    nothing_open(out, "bind-end", "bind steps")


# --- the vfio_sva module -----------------------------------------------------

DMESG_BAD = re.compile(r"WARNING:|BUG:|Oops|Call Trace|general protection|"
                       r"KASAN|UBSAN|refcount_t:|list_(add|del) corruption")


def conformance(out, name, what):
    rows = [ln for ln in out.text(name + ".out").splitlines()
            if ln.startswith(("PASS: ", "FAIL: "))]
    for ln in rows:
        word, rest = ln.split(": ", 1)
        row, _, why = rest.removeprefix("conform: ").partition(": ")
        check(f"sva: conformance, {what}: {row}", word == "PASS", why)
    check(f"sva: conformance, {what}: the whole table ran",
          out.rc(name) == 0 and len(rows) >= 30,
          f"exit {out.rc(name)}, {len(rows)} rows, stderr "
          f"{out.text(name + '.err')!r}")


def check_sva(out):
    groups = out.text("sva-groups").split()
    if not check("sva: the edu group (and nvme's for type1) were found",
                 len(groups) >= 1, repr(out.text("sva-groups"))):
        return
    gid = groups[0]
    check("sva: insmod vfio_sva.ko after Debian's vfio modules: exit 0",
          out.rc("sva-insmod") == 0, out.text("sva-insmod.err"))
    check("sva: insmod vfio_sva.ko fake_sva=1: exit 0",
          out.rc("sva-fake-insmod") == 0, out.text("sva-fake-insmod.err"))
    conformance(out, "sva-fake-conform", "fake_sva=1")
    check("sva: fake_sva=1: the module counts 0 bonds after the table",
          out.text("sva-fake-bonds-after").strip() == "0",
          out.text("sva-fake-bonds-after"))
    hold = out.text("sva-fake-hold.out")
    check("sva: fake_sva=1: bind --hold prints a PASID, ends with 10 when "
          "its target exits", "PASID" in hold and
          out.text("sva-fake-hold.rc").strip() == "10",
          f"exit {out.text('sva-fake-hold.rc')!r}, stdout {hold!r}, stderr "
          f"{out.text('sva-fake-hold.err')!r}")
    doc, err = out.json("sva-fake-status")
    check("sva: fake_sva=1: status shows the held bond",
          doc is not None and len(doc.get("bonds", [])) == 1, err or doc)
    check("sva: fake_sva=1: rmmod refused while --hold keeps a container",
          out.rc("sva-fake-rmmod-held") not in (0, None) and
          out.text("sva-fake-refcnt-held").strip() not in ("", "0"),
          f"rmmod exit {out.rc('sva-fake-rmmod-held')}, refcnt "
          f"{out.text('sva-fake-refcnt-held')!r}")
    check("sva: fake_sva=1: rmmod after the target exited: exit 0",
          out.rc("sva-fake-rmmod") == 0, out.text("sva-fake-rmmod.err"))
    check("sva: module refcount 0 with no container",
          out.text("sva-refcnt-idle").strip() == "0",
          out.text("sva-refcnt-idle"))
    for name, who in (("sva-list", "root"), ("sva-list-user", "uid 65534")):
        doc, err = out.json(name)
        k = (doc or {}).get("kernel", {})
        check(f"sva: list --json as {who}: bind_ioctl yes via the module",
              out.rc(name) == 0 and k.get("bind_ioctl") == "yes" and
              k.get("bind_interface") == "vfio-sva-module" and
              "VFIO_SVA_IOMMU" in str(k.get("bind_ioctl_reason")),
              err or k)
        grp = [g for g in (doc or {}).get("groups", [])
               if str(g.get("id")) == gid]
        codes = [r.get("code") for r in
                 (grp[0].get("sva", {}).get("reasons", []) if grp else [])]
        check(f"sva: list --json as {who}: group {gid} no longer blames the "
              f"kernel's bind ioctl", grp and
              "kernel-no-bind-ioctl" not in codes, codes)
    check("sva: list (text): VFIO_IOMMU_BIND yes via the vfio_sva module",
          "VFIO_IOMMU_BIND yes via the vfio_sva module" in
          out.text("sva-list-text.out"), out.text("sva-list-text.out")[:300])
    # Where list knows what blocks the group (in this guest: the Debian
    # kernel's x86 SVA disable, a device without PRI), bind names that
    # first and the kernel's own answer after it; otherwise the module's
    # ENODEV in words.
    enodev_plain = f"vfio-sva: bind: group {gid}: the kernel cannot turn " \
                   "on I/O page faults (PRI or stall) or SVA for a device " \
                   "(ENODEV)"

    def is_enodev(line):
        return line == enodev_plain or (
            line.startswith("vfio-sva: bind: ") and
            line.endswith("(the kernel: No such device)"))
    for name, what in (("sva-bind-hold", "bind --hold"),
                       ("sva-bind-daemon", "bind through the daemon"),
                       ("sva-bind-user-own", "bind --hold as uid 65534 of "
                        "its own process (ptrace passes)")):
        check(f"sva: {what}: the real SVA layer's ENODEV, exit 3",
              out.rc(name) == 3 and is_enodev(first_line(out, name)),
              f"exit {out.rc(name)}, stderr {out.text(name + '.err')!r}")
    doc, err = out.json("sva-bind-hold-json")
    e = (doc or {}).get("error", {})
    check("sva: bind --json --hold: error not-supported, exit 3",
          out.rc("sva-bind-hold-json") == 3 and e.get("exit") == 3 and
          e.get("code") == "not-supported" and
          ("ENODEV" in str(e.get("message")) or
           "No such device" in str(e.get("message"))), err or doc)
    rc = out.rc("sva-bind-user-root")
    check("sva: bind --hold as uid 65534 of root's process: the kernel's "
          "ptrace refusal, exit 4", rc == 4 and
          "refused access to process" in out.text("sva-bind-user-root.err"),
          f"exit {rc}, stderr {out.text('sva-bind-user-root.err')!r}")
    check_bonds(out, "sva-status-daemon", "with the module")
    check("sva: daemon: SIGTERM -> exit 0", out.text("sva-daemon.rc").strip()
          == "0", out.text("sva-daemon.err"))
    fds = out.text("sva-cli-end.fds").strip()
    check("sva: after the CLI: no /dev/vfio file open, module refcount 0",
          fds == "" and out.text("sva-refcnt-after-cli").strip() == "0",
          f"fds {fds!r}, refcnt {out.text('sva-refcnt-after-cli')!r}")
    conformance(out, "sva-conform", "the module")
    check("sva: the module is loaded again after the rmmod row",
          any(ln.split()[:1] == ["vfio_sva"] for ln in
              out.text("sva-lsmod").splitlines()), out.text("sva-lsmod"))
    bad = [ln for ln in out.text("sva-dmesg.txt").splitlines()
           if DMESG_BAD.search(ln)]
    check("sva: dmesg has no WARNING, BUG, Oops or call trace", not bad, bad)


# --- monitor ----------------------------------------------------------------

def check_monitor(out, args):
    md = out.text("monitor-device").split()
    if len(md) != 2:
        check("monitor: the device was found", False,
              repr(out.text("monitor-device")))
        return
    dev, gid = md[0], int(md[1])
    check("monitor: SIGINT -> exit 0, nothing on stderr",
          out.rc("monitor") == 0 and out.text("monitor.err") == "",
          f"exit {out.rc('monitor')}, stderr {out.text('monitor.err')!r}")
    events, bad = [], []
    for ln in out.text("monitor.out").splitlines():
        try:
            ev = json.loads(ln)
        except ValueError:
            bad.append(ln)
            continue
        if not isinstance(ev, dict) or "event" not in ev or "time" not in ev:
            bad.append(ln)
        events.append(ev)
    check("monitor --json: one JSON object per line, each with event and time",
          not bad and events, bad or "no output")
    names = [e.get("event") for e in events if isinstance(e, dict)]
    check("monitor: starts with monitor-started",
          names[:1] == ["monitor-started"], names)

    def find(kind, **kw):
        for i, e in enumerate(events):
            if isinstance(e, dict) and e.get("event") == kind and \
                    all(e.get(k2) == v for k2, v in kw.items()):
                return i
        return None

    a = find("group-added", group=gid, node=f"/dev/vfio/{gid}")
    check(f"monitor: group-added for group {gid} when {dev} went to vfio-pci",
          a is not None, out.text("monitor.out"))
    b = find("driver-changed", device=dev, driver="vfio-pci", group=gid)
    check(f"monitor: driver-changed {dev} -> vfio-pci", b is not None,
          out.text("monitor.out"))
    r = find("group-removed", group=gid)
    check(f"monitor: group-removed for group {gid} when it left vfio-pci",
          r is not None and a is not None and r > a, out.text("monitor.out"))
    u = find("driver-changed", device=dev, driver=None)
    check(f"monitor: driver-changed {dev} -> no driver", u is not None,
          out.text("monitor.out"))


# --- main --------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--boot", required=True)
    ap.add_argument("--console", required=True)
    ap.add_argument("--nonce", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", default="")
    ap.add_argument("--scalable-hw", action="store_true",
                    help="the vIOMMU was given x-scalable-mode=on")
    ap.add_argument("--unit-reasons", default="",
                    help="codes every IOMMU unit must give, comma separated")
    ap.add_argument("--unit-reasons-any", default="",
                    help="codes of which each unit must give one")
    args = ap.parse_args()
    args.unit_reasons = [c for c in args.unit_reasons.split(",") if c]
    args.unit_reasons_any = [c for c in args.unit_reasons_any.split(",") if c]
    steps = [s for s in args.steps.split(",") if s]
    vtest.scope(args.boot)

    err = unpack(args.console, args.nonce, args.out)
    if err is not None:
        try:
            with open(args.console, errors="replace") as f:
                panic = [ln.strip() for ln in f if "Kernel panic" in ln]
        except OSError:
            panic = []
        if panic:
            err += f"; {panic[0]}"
    if not check("guest results arrived", err is None, err):
        return 1
    out = Out(args.out)
    truth = Truth(out, "a")
    if not check("guest ground truth recorded", truth.ok and truth.groups and
                 truth.devices and truth.iommus, "truth-a is incomplete"):
        return 1
    check_rig(out, truth, args)
    doc = check_list_root(out, truth, "list-root", "root", args)
    check_text(out, truth, "list-root-text", "root")
    if doc is not None:
        check_verbose(out, doc)
    check_noprobe(out)
    check_user(out, truth, doc)
    check_text(out, truth, "list-user-text", "uid 65534")
    if "bind" in steps:
        check_bind(out, truth)
    if "monitor" in steps:
        check_monitor(out, args)
        truth_b = Truth(out, "b")
        if check("ground truth after the monitor's device went to vfio-pci",
                 truth_b.ok, "truth-b missing"):
            check_list_root(out, truth_b, "list-root-b",
                            "root, after a rebind", args)
    if "sva" in steps:
        check_sva(out)
    return vtest.status()


if __name__ == "__main__":
    sys.exit(main())
