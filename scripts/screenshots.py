"""Regenerate the README's pictures of the summary workbook and the template
(docs/*.png): build samples/ into a workbook, print it to PDF with LibreOffice
headless, render each sheet's first printed page (a sheet printed in column
groups: its first two pages side by side) with pdftoppm, trim the margins.
docs/总览-200.png is 总览's first page for 200 departments, docs/统计分析-60.png
the charts of a 60-department batch (both from bench's generator,
examples/make_corpus.rs), docs/填报说明.png the template's instructions. The
printed pages of each sheet are listed (samples and 200 departments), for the
README's table of page counts.

Needs: LibreOffice (soffice), poppler-utils (pdftoppm, pdftotext), Pillow, a CJK
font (fonts-noto-cjk).  Run from the repository root:

    python3 scripts/screenshots.py
"""
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
# Debug builds: the machine is shared, and a workbook of 200 departments takes
# a few seconds either way.
JIXIAO = ROOT / "target/debug/jixiao"
MAKE_CORPUS = ROOT / "target/debug/examples/make_corpus"
# Sheet → words of its printed title; pages: how many of its first pages to show.
SHEETS = {
    "总览": ("自评总览", 1),
    "汇总表": ("自评汇总表", 2),
    "资金明细": ("资金明细表", 2),
    "指标得分": ("指标得分明细", 1),
    "目标完成": ("绩效目标完成情况", 1),
    "审核问题": ("审核问题清单", 1),
    "报告核对": ("报告与自评表核对", 0),
    "统计分析": ("统计分析", 1),
    "文件清单": ("文件清单", 1),
}


def to_pdf(book, tmp):
    # A profile of its own: a LibreOffice already open elsewhere does not take the job.
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(book)],
                   check=True, capture_output=True)
    return tmp / (book.stem + ".pdf")


def page_texts(pdf):
    n = int(next(l.split()[1] for l in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                      check=True).stdout.splitlines() if l.startswith("Pages")))
    return [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for p in range(1, n + 1)]


def sheet_pages(texts):
    """Printed pages of each sheet: from its title's page to the next title's."""
    starts = []
    for name, (title, _) in SHEETS.items():
        at = next((i for i, t in enumerate(texts) if title in "".join(
            l for l in t.splitlines()[:6] if "参考表" not in l)), None)
        if at is not None:
            starts.append((at, name))
    starts.sort()
    ends = [s for s, _ in starts[1:]] + [len(texts)]
    return {name: end - at for (at, name), end in zip(starts, ends)}


def render(pdf, page, tmp):
    raw = tmp / f"raw{page}"
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-png", "-r", "150", "-singlefile",
                    str(pdf), str(raw)], check=True)
    im = Image.open(f"{raw}.png").convert("RGB")
    w, h = im.size
    body = im.crop((0, 0, w, int(h * 0.93)))  # without the page footer
    box = ImageChops.difference(body, Image.new("RGB", body.size, "white")).getbbox()
    pad = 20
    return body.crop((max(box[0] - pad, 0), max(box[1] - pad, 0), min(box[2] + pad, w), min(box[3] + pad, h)))


def save(images, name):
    w = sum(i.width for i in images) + 30 * (len(images) - 1)
    out = Image.new("RGB", (w, max(i.height for i in images)), (160, 160, 160))
    x = 0
    for i in images:
        out.paste(i, (x, 0))
        x += i.width + 30
    if out.width > 2400:
        out = out.resize((2400, out.height * 2400 // out.width), Image.LANCZOS)
    out.quantize(colors=64).save(ROOT / "docs" / f"{name}.png", optimize=True)
    print(name, out.size)


def main():
    subprocess.run(["cargo", "build", "-q", "--bin", "jixiao", "--example", "make_corpus"], cwd=ROOT, check=True)
    tmp = Path(tempfile.mkdtemp())
    book = tmp / "summary.xlsx"
    subprocess.run([str(JIXIAO), "build", "samples", "-q", "--district", "广州市", "-o", str(book)],
                   cwd=ROOT, check=True)
    pdf = to_pdf(book, tmp)
    texts = page_texts(pdf)
    print("samples:", len(texts), "pages", sheet_pages(texts))
    for name, (title, pages) in SHEETS.items():
        if not pages:
            continue
        first = next(i for i, t in enumerate(texts) if title in t) + 1
        save([render(pdf, first + k, tmp) for k in range(pages)], name)

    forms = tmp / "c200"
    subprocess.run([str(MAKE_CORPUS), "200", str(forms), "7"], check=True, capture_output=True)
    book = tmp / "c200.xlsx"
    subprocess.run([str(JIXIAO), "build", str(forms), "-q", "-o", str(book)], check=True)
    pdf = to_pdf(book, tmp)
    texts = page_texts(pdf)
    print("200 departments:", len(texts), "pages", sheet_pages(texts))
    save([render(pdf, 1, tmp)], "总览-200")

    forms = tmp / "c60"
    subprocess.run([str(MAKE_CORPUS), "60", str(forms), "7"], check=True,
                   capture_output=True)
    book = tmp / "c60.xlsx"
    subprocess.run([str(JIXIAO), "build", str(forms), "-q", "-o", str(book)], check=True)
    pdf = to_pdf(book, tmp)
    texts = page_texts(pdf)
    first = next(i for i, t in enumerate(texts) if "统计分析" in t) + 1
    save([render(pdf, first, tmp), render(pdf, first + 1, tmp)], "统计分析-60")

    template = tmp / "模板.xlsx"
    subprocess.run([str(JIXIAO), "template", "-o", str(template)], check=True, capture_output=True)
    pdf = to_pdf(template, tmp)
    texts = page_texts(pdf)
    first = next(i for i, t in enumerate(texts) if t.lstrip().startswith("填报说明")) + 1
    save([render(pdf, first, tmp)], "填报说明")


if __name__ == "__main__":
    main()
