"""Regenerate the README's pictures of a review round on samples/
(docs/审核问题-处理.png, docs/整改情况.png, docs/退回表-审核意见-已核实.png):

1. round 1 on samples/ with --review-date 2026-11-24;
2. the reviewer's decisions, made as in Excel: both YEAR-MISMATCH rows of 审核问题
   set to 已核实无误 with a remark, a remark on 002's RATE-DECLARED (openpyxl);
3. round 2 on samples/ with 000 corrected (tests/fixtures/follow_up/000.xlsx),
   --previous the edited workbook, --forms, with a settings file giving the sender.

Each picture is one sheet printed alone (a copy of the workbook holding only that
sheet) with LibreOffice, first page.

Needs: LibreOffice (soffice), poppler-utils (pdftoppm), Pillow, openpyxl,
fonts-noto-cjk. Run from the repository root:  python3 scripts/round_screenshots.py
"""
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from feedback_screenshots import ROOT, jixiao, trimmed

SETTINGS = """区名 = "南沙区"
财政局名称 = "广州市南沙区财政局"
联系人 = "李科长"
电话 = "020-3100 0000"
"""


def one_sheet(workbook, sheet, out):
    """A copy of `workbook` holding only `sheet`, printed one page wide (all its
    columns, as on screen), rendered to `out` (first page)."""
    wb = openpyxl.load_workbook(workbook)
    for name in wb.sheetnames:
        if name != sheet:
            del wb[name]
    ws = wb[sheet]
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.col_breaks.brk = []
    copy = out.with_suffix(".xlsx")
    wb.save(copy)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(copy.parent), str(copy)],
                   check=True, capture_output=True)
    raw = copy.with_suffix("")
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-png", "-r", "110", "-singlefile",
                    str(copy.with_suffix(".pdf")), str(raw)], check=True)
    return Path(f"{raw}.png")


def main():
    tmp = Path(tempfile.mkdtemp())
    (tmp / "shots").mkdir()
    for name, fixed in [("报送", []), ("重报", ["000.xlsx"])]:
        (tmp / name).mkdir()
        for f in (ROOT / "samples").iterdir():
            src = ROOT / "tests/fixtures/follow_up" / f.name if f.name in fixed else f
            shutil.copy(src, tmp / name / f.name)
        (tmp / name / "jixiao.toml").write_text(SETTINGS, encoding="utf-8")
    jixiao("报送", "-o", "一轮.xlsx", "--review-date", "2026-11-24", cwd=tmp)
    wb = openpyxl.load_workbook(tmp / "一轮.xlsx")
    ws = wb["审核问题"]
    for row in ws.iter_rows(min_row=4):
        rule = row[3].value or ""
        if "YEAR-MISMATCH" in rule:
            row[8].value = "已核实无误"
            row[9].value = "按财政年度口径填报，已电话核实"
        if "RATE-DECLARED" in rule:
            row[9].value = "请按执行数÷预算数重新计算"
    wb.save(tmp / "一轮（已审）.xlsx")
    png = one_sheet(tmp / "一轮（已审）.xlsx", "审核问题", tmp / "shots" / "findings")
    trimmed(png, ROOT / "docs" / "审核问题-处理.png")
    print("审核问题-处理")
    jixiao("重报", "-o", "二轮.xlsx", "--previous", "一轮（已审）.xlsx", "--forms", "退回2",
           "--review-date", "2026-12-08", "--deadline", "12月15日", cwd=tmp)
    png = one_sheet(tmp / "二轮.xlsx", "整改情况", tmp / "shots" / "follow")
    trimmed(png, ROOT / "docs" / "整改情况.png")
    print("整改情况")
    form = tmp / "退回2" / "中国人民政治协商会议广州市南沙区委员会办公室.xlsx"
    png = one_sheet(form, "审核意见", tmp / "shots" / "cppcc")
    trimmed(png, ROOT / "docs" / "退回表-审核意见-已核实.png")
    print("退回表-审核意见-已核实")


if __name__ == "__main__":
    main()
