#!/usr/bin/env python3
"""Snapshot every user-visible output of a jixiao binary, to compare two binaries.

    scripts/snapshot.py BIN OUTDIR               take a snapshot
    scripts/snapshot.py --compare DIR_A DIR_B    compare two snapshots (exit 1 if they differ)

A snapshot runs BIN over a fixed set of inputs (samples/, each input folder of
tests/fixtures/, all of them in one batch, check, template, a follow-up round with
--previous, the README's own-layout example, the default output names and a few
usage errors) and records, per command, under OUTDIR/snap/<case>/:

  command.txt, stdout.txt, stderr.txt, exit_code.txt
  out/<file>.json, out/<file>.csv      copied byte for byte
  out/<file>.xlsx.txt                  the workbook dumped with openpyxl (cells as
                                       formulas/values, merges, validations, comments,
                                       widths, print settings, breaks, fills, …)
and OUTDIR/snap/xlsx-sha256.txt (sha256 of each raw .xlsx). The raw outputs stay in
OUTDIR/raw/ and OUTDIR/work/ (not compared). OUTDIR/snap/_meta/ holds context that
is reported by --compare but never counted as a difference (binary hash, input
file modification times: jixiao prints those in DUP-DEPT messages).

Commands run with cwd = the repository root (this script's parent folder), or, for
the cases that need copied inputs (follow-up round, own layout, default output
names), in a folder of OUTDIR/work/ with relative paths only, so every path in the
outputs is stable. Masked in stdout/stderr/command.txt (and in any copied or dumped
output, where nothing needs it today): OUTDIR -> <OUT>, repo root -> <ROOT>,
BIN -> <BIN>, and the elapsed time “用时 0.1 秒” -> “用时 <T> 秒”.

--compare treats a difference in xlsx-sha256.txt as a difference (the bytes are
deterministic today); pass --ignore-bytes to report it without failing.

Needs python3 with openpyxl (`python3 -m pip install openpyxl`).
"""

import difflib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = ".jixiao-snapshot"
REVIEW_DATE = "2026年11月24日"
DEADLINE = "2026年12月5日"
DISTRICT = "南沙区"
# The input folders of tests/fixtures/, each built as its own batch.
FIXTURES = ["reader", "layouts", "own-layout", "reports", "files", "follow_up", "feedback", "hardening"]
# Scheme files under templates/ (report-terms.toml and layouts/ are not schemes).
SCHEMES = [
    "templates/guangzhou-2023.toml",
    "templates/example-60-40.toml",
    "templates/example-yitihua.toml",
    "templates/schemes/mof-2020.toml",
    "templates/schemes/fujian-2018.toml",
    "templates/schemes/chongqing-2021.toml",
]
ELAPSED = re.compile(r"用时 \d+(?:\.\d+)? 秒")


# --------------------------------------------------------------------------- masking

class Masker:
    def __init__(self, outdir, binary):
        pairs = []
        for path, tag in [(outdir, "<OUT>"), (ROOT, "<ROOT>"), (binary, "<BIN>")]:
            for p in {os.path.abspath(path), os.path.realpath(path)}:
                pairs.append((p, tag))
        # Longest first: OUTDIR may lie inside the repository.
        self.pairs = sorted(pairs, key=lambda x: -len(x[0]))

    def text(self, s):
        for p, tag in self.pairs:
            s = s.replace(p, tag)
        return ELAPSED.sub("用时 <T> 秒", s)

    def bytes(self, b):
        try:
            s = b.decode("utf-8")
        except UnicodeDecodeError:
            return b
        return self.text(s).encode("utf-8")


# --------------------------------------------------------------------------- xlsx dump

def _color(c):
    if c is None:
        return "None"
    if c.type == "rgb":
        v = f"rgb:{c.rgb}"
    elif c.type == "theme":
        v = f"theme:{c.theme}"
    elif c.type == "indexed":
        v = f"indexed:{c.indexed}"
    else:
        v = f"{c.type}:{c.value}"
    if c.tint:
        v += f" tint:{c.tint}"
    return v


def _attrs(obj, names):
    return " ".join(f"{n}={getattr(obj, n, None)!r}" for n in names)


def dump_xlsx(path):
    """A text dump of one workbook (str), or an error line if openpyxl cannot read it."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    warnings.simplefilter("ignore")
    try:
        wb = openpyxl.load_workbook(path)  # formulas as text, not cached values
    except Exception as e:  # noqa: BLE001 - recorded, not fatal
        return f"!! openpyxl could not read this file: {type(e).__name__}: {e}\n"
    out = []
    w = out.append
    p = wb.properties
    w("# workbook")
    w("sheets\t" + repr(wb.sheetnames))
    w("active\t" + repr(wb.active.title if wb.active is not None else None))
    w("properties\t" + _attrs(p, ["title", "subject", "creator", "lastModifiedBy", "created",
                                  "modified", "keywords", "description", "category", "language"]))
    for name, dn in sorted(wb.defined_names.items()):
        w(f"defined_name\t{name}\t{dn.attr_text!r}")
    for ws in wb.worksheets:
        w("")
        w(f"# sheet {ws.title!r}")
        w("state\t" + repr(ws.sheet_state))
        w("dimensions\t" + repr(ws.dimensions))
        w("freeze_panes\t" + repr(ws.freeze_panes))
        view = ws.sheet_view
        w("view\t" + _attrs(view, ["showGridLines", "zoomScale", "tabSelected", "rightToLeft"]))
        w("tab_color\t" + _color(ws.sheet_properties.tabColor))
        w("auto_filter\t" + repr(ws.auto_filter.ref))
        prot = ws.protection
        w("protection\t" + _attrs(prot, ["sheet", "objects", "scenarios", "formatCells", "formatColumns",
                                         "formatRows", "insertRows", "deleteRows", "selectLockedCells",
                                         "selectUnlockedCells", "sort", "autoFilter", "password"]))
        for name, dn in sorted(ws.defined_names.items()):
            w(f"defined_name\t{name}\t{dn.attr_text!r}")
        # Print settings.
        ps = ws.page_setup
        w("page_setup\t" + _attrs(ps, ["paperSize", "orientation", "scale", "fitToWidth", "fitToHeight",
                                       "firstPageNumber", "useFirstPageNumber", "pageOrder", "horizontalDpi",
                                       "verticalDpi"]))
        w("fit_to_page\t" + repr(ws.sheet_properties.pageSetUpPr.fitToPage
                                 if ws.sheet_properties.pageSetUpPr is not None else None))
        w("print_title_rows\t" + repr(ws.print_title_rows))
        w("print_title_cols\t" + repr(ws.print_title_cols))
        w("print_area\t" + repr(ws.print_area))
        w("print_options\t" + _attrs(ws.print_options, ["horizontalCentered", "verticalCentered",
                                                        "headings", "gridLines"]))
        w("margins\t" + _attrs(ws.page_margins, ["left", "right", "top", "bottom", "header", "footer"]))
        for hf_name in ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"]:
            hf = getattr(ws, hf_name)
            parts = [(pos, getattr(hf, pos).text) for pos in ("left", "center", "right")
                     if getattr(hf, pos).text]
            if parts:
                w(f"{hf_name}\t{parts!r}")
        w("row_breaks\t" + repr([(b.id, b.min, b.max, b.man) for b in ws.row_breaks.brk]))
        w("col_breaks\t" + repr([(b.id, b.min, b.max, b.man) for b in ws.col_breaks.brk]))
        # Columns and rows.
        w("## column widths")
        for key, cd in sorted(ws.column_dimensions.items(), key=lambda kv: (kv[1].min or 0, kv[0])):
            if cd.width is None and not cd.hidden and not cd.customWidth and cd.outlineLevel == 0:
                continue
            lo = get_column_letter(cd.min) if cd.min else key
            hi = get_column_letter(cd.max) if cd.max else key
            w(f"{lo}:{hi}\twidth={cd.width!r} custom={cd.customWidth!r} hidden={cd.hidden!r}"
              f" outline={cd.outlineLevel!r}")
        w("## row heights")
        for idx, rd in sorted(ws.row_dimensions.items()):
            if rd.ht is None and not rd.hidden and rd.outlineLevel == 0:
                continue
            w(f"{idx}\tht={rd.ht!r} custom={rd.customHeight!r} hidden={rd.hidden!r} outline={rd.outlineLevel!r}")
        w("## merged")
        for r in sorted(str(m) for m in ws.merged_cells.ranges):
            w(r)
        # Cells: values, then the per-cell extras.
        cells = sorted(ws._cells.values(), key=lambda c: (c.row, c.column))
        w("## cells")
        for c in cells:
            if c.value is not None and c.value != "":
                w(f"{c.coordinate}\t{c.value!r}")
        w("## number formats (non-General)")
        for c in cells:
            if c.number_format != "General":
                w(f"{c.coordinate}\t{c.number_format!r}")
        w("## fills")
        for c in cells:
            f = c.fill
            if f is not None and getattr(f, "fill_type", None):
                w(f"{c.coordinate}\t{f.fill_type} fg={_color(f.fgColor)} bg={_color(f.bgColor)}")
        w("## hyperlinks")
        for c in cells:
            if c.hyperlink is not None:
                h = c.hyperlink
                w(f"{c.coordinate}\tlocation={h.location!r} target={h.target!r} display={h.display!r}"
                  f" tooltip={h.tooltip!r}")
        w("## comments")
        for c in cells:
            if c.comment is not None:
                w(f"{c.coordinate}\tauthor={c.comment.author!r}\t{c.comment.text!r}")
        w("## unlocked cells")
        for c in cells:
            if c.protection is not None and c.protection.locked is False:
                w(c.coordinate)
        w("## data validations")
        dvs = []
        for dv in ws.data_validations.dataValidation:
            dvs.append(f"{dv.sqref}\t" + _attrs(dv, ["type", "operator", "formula1", "formula2", "allow_blank",
                                                    "showDropDown", "showErrorMessage", "showInputMessage",
                                                    "errorStyle", "errorTitle", "error", "promptTitle",
                                                    "prompt"]))
        out.extend(sorted(dvs))
        w("## conditional formatting")
        cfs = []
        for rng in ws.conditional_formatting:
            for rule in rng.rules:
                fill = None
                if rule.dxf is not None and rule.dxf.fill is not None:
                    fill = _color(rule.dxf.fill.fgColor) + "/" + _color(rule.dxf.fill.bgColor)
                cfs.append(f"{rng.sqref}\ttype={rule.type!r} operator={rule.operator!r} "
                           f"formula={rule.formula!r} priority={rule.priority!r} fill={fill}")
        out.extend(sorted(cfs))
    for cs in getattr(wb, "chartsheets", []):
        w("")
        w(f"# chartsheet {cs.title!r}")
    return "\n".join(out) + "\n"


def _dump_job(job):
    src, dst = job
    text = dump_xlsx(src)
    return dst, text


# --------------------------------------------------------------------------- running

class Snapshot:
    def __init__(self, binary, outdir):
        self.bin = os.path.abspath(binary)
        self.outdir = os.path.abspath(outdir)
        self.raw = os.path.join(self.outdir, "raw")
        self.work = os.path.join(self.outdir, "work")
        self.snap = os.path.join(self.outdir, "snap")
        self.mask = Masker(self.outdir, self.bin)
        self.dumps = []  # (xlsx path, dump path)
        self.shas = []  # (label, sha)
        self.summary = []  # (case, exit code)
        self.env = dict(os.environ)
        self.env.update({"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC", "NO_COLOR": "1"})
        for k in ["COLUMNS", "LINES", "RUST_BACKTRACE", "RUST_LOG"]:
            self.env.pop(k, None)

    # A case: run once, capture, collect the files it wrote under `scan`.
    def run(self, case, args, cwd=ROOT, scan=None):
        if scan is None:
            scan = os.path.join(self.raw, case)
        os.makedirs(scan, exist_ok=True)
        before = _listing(scan)
        proc = subprocess.run([self.bin] + args, cwd=cwd, env=self.env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        after = _listing(scan)
        produced = sorted(p for p, st in after.items() if before.get(p) != st)
        d = os.path.join(self.snap, case)
        os.makedirs(d, exist_ok=True)
        rel_cwd = os.path.relpath(cwd, ROOT) if not cwd.startswith(self.outdir) else cwd
        cmd = "cwd: " + rel_cwd + "\n" + "argv: " + " ".join(_quote(a) for a in ["jixiao"] + args) + "\n"
        _write(os.path.join(d, "command.txt"), self.mask.text(cmd).encode())
        _write(os.path.join(d, "stdout.txt"), self.mask.bytes(proc.stdout))
        _write(os.path.join(d, "stderr.txt"), self.mask.bytes(proc.stderr))
        _write(os.path.join(d, "exit_code.txt"), f"{proc.returncode}\n".encode())
        for rel in produced:
            self.capture(case, os.path.join(scan, rel), rel)
        self.summary.append((case, proc.returncode))
        return proc.returncode

    def capture(self, case, src, rel):
        dst = os.path.join(self.snap, case, "out", rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        data = open(src, "rb").read()
        low = rel.lower()
        if low.endswith(".xlsx"):
            self.shas.append((f"{case}/{rel}", hashlib.sha256(data).hexdigest()))
            self.dumps.append((src, dst + ".txt"))
        elif low.endswith((".json", ".csv", ".txt", ".toml")):
            _write(dst, self.mask.bytes(data))
        else:  # anything else the binary wrote: its hash
            self.shas.append((f"{case}/{rel}", hashlib.sha256(data).hexdigest()))
            _write(dst + ".sha256", (hashlib.sha256(data).hexdigest() + "\n").encode())

    # ----------------------------------------------------------------- the cases
    def all_cases(self):
        forms_opts = ["--review-date", REVIEW_DATE, "--deadline", DEADLINE]

        def outs(case, forms=True, csv=True, json=True, xlsx="汇总表.xlsx"):
            base = os.path.join(self.raw, case)
            a = ["-o", os.path.join(base, xlsx)]
            if json:
                a += ["--json", os.path.join(base, "汇总.json")]
            if csv:
                a += ["--csv", os.path.join(base, "csv")]
            if forms:
                a += ["--forms", os.path.join(base, "退回")] + forms_opts
            return a

        # --- help, version, usage
        self.run("help", ["--help"])
        self.run("help_build", ["build", "--help"])
        self.run("help_check", ["check", "--help"])
        self.run("help_template", ["template", "--help"])
        self.run("version", ["--version"])
        self.run("no_args", [])

        # --- build: the main case
        c = "build_samples"
        self.run(c, ["build", "samples"] + outs(c) + ["--district", DISTRICT])
        c = "build_samples_quiet"
        self.run(c, ["build", "-q", "samples"] + outs(c, forms=False, csv=False))
        # scheme and tolerance variants
        for s in ["example-60-40", "example-yitihua"]:
            c = f"build_samples_scheme_{s}"
            self.run(c, ["build", "samples", "--scheme", f"templates/{s}.toml"] + outs(c, csv=False))
        c = "build_samples_year2022"
        self.run(c, ["build", "samples", "--year", "2022"] + outs(c, forms=False, csv=False))
        c = "build_samples_tolerances"
        self.run(c, ["build", "samples", "--tolerance-money", "0.5", "--tolerance-rate", "0.5",
                     "--score-review", "2"] + outs(c, forms=False, csv=False))
        # --- build: each fixture folder
        for name in FIXTURES:
            c = f"build_fixture_{name}"
            self.run(c, ["build", f"tests/fixtures/{name}"] + outs(c))
        c = "build_fixture_layouts_forced_mof"
        self.run(c, ["build", "tests/fixtures/layouts", "--layout", "mof-2020"] + outs(c, csv=False))
        c = "build_fixture_reports_with_form"
        self.run(c, ["build", "tests/fixtures/reports", "tests/fixtures/layouts/mof_示例区档案馆.xlsx"]
                 + outs(c))
        # --- build: everything in one batch
        c = "build_all"
        self.run(c, ["build", "samples", "tests/fixtures"] + outs(c) + ["--district", DISTRICT])

        # --- check
        self.run("check_samples", ["check", "samples"])
        c = "check_samples_json"
        self.run(c, ["check", "-q", "samples", "--json", os.path.join(self.raw, c, "check.json")])
        for name in FIXTURES:
            self.run(f"check_fixture_{name}", ["check", f"tests/fixtures/{name}"])
        c = "check_fixture_hardening_json"
        self.run(c, ["check", "-q", "tests/fixtures/hardening", "--json", os.path.join(self.raw, c, "check.json")])
        c = "check_all"
        self.run(c, ["check", "samples", "tests/fixtures", "--json", os.path.join(self.raw, c, "check.json")])

        # --- template
        w = self._work("template")
        self.run("template_default", ["template"], cwd=w, scan=w)
        self.run("template_year_default_name", ["template", "--year", "2024"], cwd=w, scan=w)
        c = "template_department_year"
        self.run(c, ["template", "--year", "2024", "--department", "广州市南沙区某某局",
                     "-o", os.path.join(self.raw, c, "自评表.xlsx")])
        for s in SCHEMES:
            c = "template_scheme_" + os.path.splitext(os.path.basename(s))[0]
            if s.startswith("templates/schemes/"):
                c += "_schemes"
            self.run(c, ["template", "--year", "2024", "--scheme", s,
                         "-o", os.path.join(self.raw, c, "自评表.xlsx")])

        # --- follow-up round, as tests/follow_up.rs does it: samples/ sent as 报送,
        # then 重报 = samples/ with 000 and 003 from tests/fixtures/follow_up, 001 gone.
        w = self._work("follow_up")
        _copy_dir(os.path.join(ROOT, "samples"), os.path.join(w, "报送"))
        again = os.path.join(w, "重报")
        _copy_dir(os.path.join(ROOT, "samples"), again,
                  skip={"001.xlsx", "001_自评报告.docx", "001_自评报告.pdf"})
        for f in ["000.xlsx", "003.xlsx"]:
            shutil.copy2(os.path.join(ROOT, "tests/fixtures/follow_up", f), os.path.join(again, f))
        self.run("follow_up_1_first_round",
                 ["build", "报送", "-o", "一轮.xlsx", "--json", "一轮.json", "--forms", "退回"] + forms_opts,
                 cwd=w, scan=w)
        self.run("follow_up_2_second_round",
                 ["build", "重报", "-o", "二轮.xlsx", "--json", "二轮.json", "--csv", "二轮csv",
                  "--previous", "一轮.json", "--forms", "退回2"] + forms_opts, cwd=w, scan=w)
        self.run("follow_up_3_check_previous", ["check", "重报", "--previous", "一轮.json"], cwd=w, scan=w)
        self.run("follow_up_4_check_previous_json",
                 ["check", "-q", "重报", "--previous", "一轮.json", "--json", "check二轮.json"], cwd=w, scan=w)
        # The same with the paths of the repository: samples/ to a.json, then
        # tests/fixtures/follow_up alone with --previous a.json (no --deadline: left blank).
        w = self._work("follow_up_fixture")
        _copy_dir(os.path.join(ROOT, "samples"), os.path.join(w, "samples"))
        _copy_dir(os.path.join(ROOT, "tests/fixtures/follow_up"), os.path.join(w, "tests/fixtures/follow_up"))
        self.run("follow_up_fixture_1_samples", ["build", "samples", "-o", "a.xlsx", "--json", "a.json"],
                 cwd=w, scan=w)
        self.run("follow_up_fixture_2_previous",
                 ["build", "tests/fixtures/follow_up", "--previous", "a.json", "-o", "b.xlsx", "--json", "b.json",
                  "--forms", "退回", "--review-date", REVIEW_DATE], cwd=w, scan=w)
        self.run("follow_up_fixture_3_check_previous",
                 ["check", "tests/fixtures/follow_up", "--previous", "a.json"], cwd=w, scan=w)
        self.run("follow_up_fixture_4_previous_other_scheme",  # refused: exit 2
                 ["check", "tests/fixtures/follow_up", "--previous", "a.json",
                  "--scheme", os.path.join(ROOT, "templates/example-60-40.toml")], cwd=w, scan=w)

        # --- own layout, as README “版式” and tests/layouts.rs describe it
        w = self._work("own_layout")
        _copy_dir(os.path.join(ROOT, "tests/fixtures/own-layout"), os.path.join(w, "own-layout"))
        _write(os.path.join(w, "某市2024.toml"), _own_layout_toml().encode())
        self.run("own_layout_1_check_without", ["check", "own-layout"], cwd=w, scan=w)
        self.run("own_layout_2_check_forced",
                 ["check", "own-layout", "--layouts", "某市2024.toml", "--layout", "moushi-2024"], cwd=w, scan=w)
        self.run("own_layout_3_build_forced",
                 ["build", "own-layout", "--layouts", "某市2024.toml", "--layout", "moushi-2024", "--year", "2023",
                  "-o", "forced.xlsx", "--json", "forced.json"], cwd=w, scan=w)
        self.run("own_layout_4_build_detected",
                 ["build", "own-layout", "--layouts", "某市2024.toml", "--year", "2023", "-o", "detected.xlsx",
                  "--json", "detected.json", "--csv", "detected-csv", "--forms", "退回"] + forms_opts,
                 cwd=w, scan=w)
        self.run("own_layout_5_unknown_layout",  # lists the layouts: exit 2
                 ["check", "own-layout", "--layouts", "某市2024.toml", "--layout", "no-such"], cwd=w, scan=w)

        # --- default output names (the drag-and-drop form and build without -o)
        w = self._work("default_names")
        _copy_dir(os.path.join(ROOT, "samples"), os.path.join(w, "南沙区 2023 报送"))
        self.run("default_dragdrop", ["南沙区 2023 报送"], cwd=w, scan=w)
        self.run("default_build_no_o", ["build", "南沙区 2023 报送", "--year", "2023"], cwd=w, scan=w)
        self.run("default_o_not_xlsx", ["南沙区 2023 报送", "-o", "汇总.xls"], cwd=w, scan=w)

        # --- usage and read/write errors
        w = self._work("errors")
        os.makedirs(os.path.join(w, "空文件夹"), exist_ok=True)
        _write(os.path.join(w, "other.json"), b'{"hello": "world"}\n')
        self.run("error_year_out_of_range", ["build", "samples", "--year", "1999", "-o",
                                             os.path.join(self.raw, "error_year_out_of_range", "x.xlsx")])
        self.run("error_unknown_layout", ["check", "samples", "--layout", "no-such"])
        self.run("error_missing_input", ["build", "no-such-folder", "-o",
                                         os.path.join(self.raw, "error_missing_input", "x.xlsx")])
        self.run("error_check_missing_input", ["check", "no-such-folder"])
        self.run("error_empty_folder", ["build", "空文件夹", "-o", "empty.xlsx"], cwd=w, scan=w)
        self.run("error_output_folder_missing", ["build", "samples", "-o", os.path.join(w, "no/such/x.xlsx")])
        self.run("error_previous_not_jixiao", ["check", "samples", "--previous", os.path.join(w, "other.json")])
        self.run("error_previous_missing", ["check", "samples", "--previous", os.path.join(w, "none.json")])
        self.run("error_bad_scheme", ["template", "--scheme", "templates/report-terms.toml",
                                      "-o", os.path.join(self.raw, "error_bad_scheme", "x.xlsx")])
        self.run("error_unknown_option", ["build", "samples", "--no-such-option"])
        self.run("error_unknown_subcommand", ["frobnicate"])

    def _work(self, name):
        d = os.path.join(self.work, name)
        os.makedirs(d, exist_ok=True)
        return d

    # ----------------------------------------------------------------- finish
    def finish(self):
        jobs = list(self.dumps)
        with ProcessPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as ex:
            for dst, text in ex.map(_dump_job, jobs, chunksize=4):
                _write(dst, self.mask.text(text).encode("utf-8"))
        lines = "".join(f"{sha}  {label}\n" for label, sha in sorted(self.shas))
        _write(os.path.join(self.snap, "xlsx-sha256.txt"), lines.encode())
        # Context, not compared.
        meta = os.path.join(self.snap, "_meta")
        os.makedirs(meta, exist_ok=True)
        bin_sha = hashlib.sha256(open(self.bin, "rb").read()).hexdigest()
        _write(os.path.join(meta, "binary.txt"), f"{self.bin}\n{bin_sha}\n".encode())
        mt = []
        for top in ["samples", "tests/fixtures"]:
            for dirpath, dirs, files in os.walk(os.path.join(ROOT, top)):
                dirs.sort()
                for f in sorted(files):
                    p = os.path.join(dirpath, f)
                    t = time.strftime("%Y-%m-%d %H:%M", time.gmtime(os.stat(p).st_mtime + 8 * 3600))
                    mt.append(f"{t}  {os.path.relpath(p, ROOT)}\n")
        _write(os.path.join(meta, "input-mtimes.txt"), "".join(mt).encode())
        _write(os.path.join(meta, "exit-codes.txt"),
               "".join(f"{rc}\t{case}\n" for case, rc in self.summary).encode())


def _listing(d):
    res = {}
    for dirpath, dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(dirpath, f)
            st = os.stat(p)
            res[os.path.relpath(p, d)] = (st.st_size, st.st_mtime_ns)
    return res


def _copy_dir(src, dst, skip=()):
    os.makedirs(dst, exist_ok=True)
    for f in sorted(os.listdir(src)):
        if f in skip or os.path.isdir(os.path.join(src, f)):
            continue
        shutil.copy2(os.path.join(src, f), os.path.join(dst, f))  # keeps mtimes: DUP-DEPT prints them


def _own_layout_toml():
    """templates/layouts/mof-2020.toml edited as README “版式” step 1–3 (tests/layouts.rs)."""
    text = open(os.path.join(ROOT, "templates/layouts/mof-2020.toml"), encoding="utf-8").read()
    for old, new in [
        ('id = "mof-2020"', 'id = "moushi-2024"'),
        ('name = "财政部部门（单位）整体支出绩效自评表（财预〔2020〕10号）"', 'name = "某市部门整体支出绩效自评表（2024）"'),
        ('spent = ["全年执行数"]', 'spent = ["全年执行数", "实际支出数"]'),
        ('name = { labels = ["部门(单位)名称", "部门名称", "单位名称"] }', 'name = { labels = ["部门(单位)名称", "预算单位"] }'),
        ('  ["部门(单位)名称"],', '  ["预算单位"],'),
    ]:
        if old not in text:
            print(f"warning: mof-2020.toml no longer has {old}", file=sys.stderr)
        text = text.replace(old, new, 1)
    return text


def _quote(a):
    return a if a and re.fullmatch(r"[\w./:=@%+,-]+", a) else "'" + a.replace("'", "'\\''") + "'"


def _write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def take(binary, outdir):
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        sys.exit(f"not an executable: {binary}")
    outdir = os.path.abspath(outdir)
    if os.path.exists(outdir):
        if os.path.exists(os.path.join(outdir, MARKER)):
            shutil.rmtree(outdir)
        elif os.listdir(outdir):
            sys.exit(f"{outdir} exists and is not a snapshot folder: refusing to overwrite it")
    os.makedirs(outdir, exist_ok=True)
    _write(os.path.join(outdir, MARKER), b"made by scripts/snapshot.py\n")
    started = time.time()
    s = Snapshot(binary, outdir)
    s.all_cases()
    s.finish()
    n = sum(len(fs) for _, _, fs in os.walk(s.snap))
    failed = [(c, rc) for c, rc in s.summary if rc >= 2]
    print(f"{len(s.summary)} commands run; exit codes: "
          + ", ".join(f"{rc}×{sum(1 for _, r in s.summary if r == rc)}"
                      for rc in sorted({rc for _, rc in s.summary})))
    if failed:
        print("exit code >= 2: " + ", ".join(f"{c} ({rc})" for c, rc in failed))
    print(f"{len(s.dumps)} xlsx dumped; snapshot in {s.snap} ({time.time() - started:.1f} s)")
    print(f"{n} files captured")


# --------------------------------------------------------------------------- compare

def _snap_root(d):
    d = os.path.abspath(d)
    return os.path.join(d, "snap") if os.path.isdir(os.path.join(d, "snap")) else d


def _files(root):
    res = set()
    for dirpath, dirs, files in os.walk(root):
        for f in files:
            res.add(os.path.relpath(os.path.join(dirpath, f), root))
    return res


def _lines(path):
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def compare(a, b, ignore_bytes=False, context_lines=40):
    ra, rb = _snap_root(a), _snap_root(b)
    for r in (ra, rb):
        if not os.path.isdir(r):
            sys.exit(f"no snapshot at {r}")
    fa, fb = _files(ra), _files(rb)
    is_meta = lambda p: p.split(os.sep)[0] == "_meta"  # noqa: E731
    only_a = sorted(p for p in fa - fb if not is_meta(p))
    only_b = sorted(p for p in fb - fa if not is_meta(p))
    differ = []
    for p in sorted(fa & fb):
        if is_meta(p):
            continue
        if open(os.path.join(ra, p), "rb").read() != open(os.path.join(rb, p), "rb").read():
            differ.append(p)
    for p in only_a:
        print(f"only in A: {p}")
    for p in only_b:
        print(f"only in B: {p}")
    for p in differ:
        la, lb = _lines(os.path.join(ra, p)), _lines(os.path.join(rb, p))
        print(f"differs: {p}")
        if la is None or lb is None:
            print("  (binary)")
            continue
        diff = list(difflib.unified_diff(la, lb, f"A/{p}", f"B/{p}", n=1))
        for line in diff[:context_lines]:
            sys.stdout.write("  " + line if line.endswith("\n") else "  " + line + "\n")
        if len(diff) > context_lines:
            print(f"  … {len(diff) - context_lines} more diff lines")
    # Context that explains differences but is not one.
    for m in ["binary.txt", "input-mtimes.txt", "exit-codes.txt"]:
        pa, pb = os.path.join(ra, "_meta", m), os.path.join(rb, "_meta", m)
        if os.path.exists(pa) and os.path.exists(pb) and open(pa, "rb").read() != open(pb, "rb").read():
            note = {"binary.txt": "the binaries differ",
                    "input-mtimes.txt": "input files' modification times differ (DUP-DEPT messages print them)",
                    "exit-codes.txt": "exit codes differ (see */exit_code.txt above)"}[m]
            print(f"note: _meta/{m}: {note}")
    fatal = only_a + only_b + differ
    if ignore_bytes and "xlsx-sha256.txt" in differ:
        fatal.remove("xlsx-sha256.txt")
        print("note: xlsx bytes differ (--ignore-bytes: not counted)")
    common = len([p for p in fa & fb if not is_meta(p)])
    print(f"{common} files in both, {len(differ)} differ, {len(only_a)} only in A, {len(only_b)} only in B")
    if fatal:
        print("DIFFERENT")
        return 1
    print("IDENTICAL (except the xlsx bytes)" if differ else "IDENTICAL")
    return 0


def main(argv):
    if argv and argv[0] == "--compare":
        rest = [a for a in argv[1:] if a != "--ignore-bytes"]
        if len(rest) != 2:
            sys.exit("usage: scripts/snapshot.py --compare [--ignore-bytes] DIR_A DIR_B")
        return compare(rest[0], rest[1], ignore_bytes="--ignore-bytes" in argv)
    if len(argv) != 2 or argv[0].startswith("-"):
        sys.exit("usage: scripts/snapshot.py BIN OUTDIR\n       scripts/snapshot.py --compare [--ignore-bytes] DIR_A DIR_B")
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        sys.exit("needs openpyxl: python3 -m pip install openpyxl")
    take(argv[0], argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
