"""Regenerate the README's pictures of a converted form sent back to a department
(docs/退回表-审核意见.png, docs/退回表-自评表.png): build the feedback fixture with
--forms, print the converted form to PDF with LibreOffice and render the two pages.
And the 审核意见 of a second round (docs/退回表-审核意见-二轮.png): samples/ reviewed,
then sent again with 000's 三公 corrected (tests/fixtures/follow_up, as in
tests/return_forms.rs), built with --previous; 000's form, first page.

For the picture of 自评表 the notes are switched to "always shown" in a copy (as
Excel shows one when the pointer rests on its cell); the form jixiao writes keeps
them hidden until then.

Needs: LibreOffice (soffice), poppler-utils (pdftoppm), Pillow, fonts-noto-cjk.
Run from the repository root:  python3 scripts/feedback_screenshots.py
(a debug build of jixiao; use the system python3 where Pillow comes from apt)
"""
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent


def trimmed(png, out):
    im = Image.open(png).convert("RGB")
    w, h = im.size
    body = im.crop((0, 0, w, int(h * 0.92)))
    box = ImageChops.difference(body, Image.new("RGB", body.size, "white")).getbbox()
    pad = 20
    body = body.crop((max(box[0] - pad, 0), max(box[1] - pad, 0), min(box[2] + pad, w), min(box[3] + pad, h)))
    if body.width > 1600:
        body = body.resize((1600, body.height * 1600 // body.width), Image.LANCZOS)
    body.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, optimize=True)


def jixiao(*args, cwd=ROOT):
    """Run jixiao (a debug build: the machines this runs on are shared)."""
    subprocess.run(["cargo", "run", "-q", "--manifest-path", str(ROOT / "Cargo.toml"), "--", "build", "-q", *args],
                   cwd=cwd, check=True)


def second_round(tmp):
    for name, fixed in [("报送", []), ("重报", ["000.xlsx", "003.xlsx"])]:
        (tmp / name).mkdir()
        for f in (ROOT / "samples").iterdir():
            src = ROOT / "tests/fixtures/follow_up" / f.name if f.name in fixed else f
            shutil.copy(src, tmp / name / f.name)
    jixiao("报送", "-o", "一轮.xlsx", "--json", "一轮.json", cwd=tmp)
    jixiao("重报", "-o", "二轮.xlsx", "--previous", "一轮.json", "--forms", "退回2",
           "--review-date", "2026年12月8日", "--deadline", "2026年12月15日", cwd=tmp)
    form = tmp / "退回2" / "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室.xlsx"
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(form)],
                   check=True, capture_output=True)
    raw = tmp / "round2"
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-png", "-r", "160", "-singlefile",
                    str(tmp / (form.stem + ".pdf")), str(raw)], check=True)
    trimmed(f"{raw}.png", ROOT / "docs" / "退回表-审核意见-二轮.png")
    print("退回表-审核意见-二轮")


def main():
    tmp = Path(tempfile.mkdtemp())
    subprocess.run(
        ["cargo", "run", "-q", "--", "build", "-q", "tests/fixtures/feedback/示例区退回.xlsx",
         "-o", str(tmp / "汇总表.xlsx"), "--forms", str(tmp / "退回"),
         "--review-date", "2026年11月24日", "--deadline", "2026年12月5日"],
        cwd=ROOT, check=True)
    form = tmp / "退回" / "广州市南沙区人民政府办公室.xlsx"
    shown = tmp / "shown.xlsx"
    with zipfile.ZipFile(form) as zin, zipfile.ZipFile(shown, "w", zipfile.ZIP_DEFLATED) as zout:
        # Only 自评表's notes (sheet2); 审核意见's (the rule ids) stay hidden.
        rels = zin.read("xl/worksheets/_rels/sheet2.xml.rels").decode()
        vml = re.search(r'Target="\.\./drawings/(vmlDrawing\d+\.vml)"', rels).group(1)
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith("/" + vml):
                text = data.decode().replace("visibility:hidden", "visibility:visible")
                text = text.replace('<x:ClientData ObjectType="Note">', '<x:ClientData ObjectType="Note"><x:Visible/>')
                data = text.encode()
            zout.writestr(item, data)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(shown)],
                   check=True, capture_output=True)
    for page, name in [(1, "退回表-审核意见"), (2, "退回表-自评表")]:
        raw = tmp / f"raw{page}"
        subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-png", "-r", "160", "-singlefile",
                        str(tmp / "shown.pdf"), str(raw)], check=True)
        trimmed(f"{raw}.png", ROOT / "docs" / f"{name}.png")
        print(name)
    round2 = tmp / "二轮"
    round2.mkdir()
    second_round(round2)


if __name__ == "__main__":
    main()
