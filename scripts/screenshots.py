"""Regenerate the README's pictures of the summary workbook (docs/*.png):
build samples/ into a workbook, print it to PDF with LibreOffice headless, render
one page per sheet with pdftoppm, trim the margins and shrink the palette.

Needs: LibreOffice (soffice), poppler-utils (pdftoppm), Pillow, a CJK font
(fonts-noto-cjk).  Run from the repository root:

    python3 scripts/screenshots.py
"""
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
# First PDF page of each sheet, in the workbook's order (指标得分 takes two pages).
PAGES = {1: "汇总表", 2: "资金明细", 3: "指标得分", 5: "目标完成", 6: "审核问题", 7: "统计分析", 8: "文件清单"}


def main():
    tmp = Path(tempfile.mkdtemp())
    book = tmp / "summary.xlsx"
    subprocess.run(
        ["cargo", "run", "--release", "-q", "--", "build", "samples", "-q", "--district", "广州市", "-o", str(book)],
        cwd=ROOT, check=True)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(book)],
                   check=True, capture_output=True)
    for page, name in PAGES.items():
        raw = tmp / f"raw{page}"
        subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-png", "-r", "220", "-singlefile",
                        str(tmp / "summary.pdf"), str(raw)], check=True)
        im = Image.open(f"{raw}.png").convert("RGB")
        w, h = im.size
        body = im.crop((0, 0, w, int(h * 0.9)))  # without the page footer
        box = ImageChops.difference(body, Image.new("RGB", body.size, "white")).getbbox()
        pad = 20
        body = body.crop((max(box[0] - pad, 0), max(box[1] - pad, 0), min(box[2] + pad, w), min(box[3] + pad, h)))
        if body.width > 1600:
            body = body.resize((1600, body.height * 1600 // body.width), Image.LANCZOS)
        body.quantize(colors=32).save(ROOT / "docs" / f"{name}.png", optimize=True)
        print(name, body.size)


if __name__ == "__main__":
    main()
