#!/usr/bin/env python3
"""Compare the cells of two district workbooks (before/after a layout change).

    scripts/compare_cells.py BEFORE.xlsx AFTER.xlsx

Every sheet both have is read with its cached values (openpyxl, data_only) from
its header row on; each data row becomes {header: value}. 汇总表's rows are
matched by 部门名称 (序号 is the row's place, so it is left out), 审核问题's by
编号, every other sheet's rows compared as a multiset. Column order, row order,
layout and print setup do not count; any other difference is printed and the exit
code is 1. Sheets only one workbook has are listed.
"""
import sys
from collections import Counter

import openpyxl

HEADER_FIRST = {"汇总表": "序号", "资金明细": "序号", "指标得分": "部门", "目标完成": "部门",
                "审核问题": "编号", "报告核对": "部门", "统计分析": "类别", "文件清单": "文件",
                "整改情况": None}


def rows(ws, first):
    data = list(ws.iter_rows(values_only=True))
    h = next((i for i, r in enumerate(data) if first in r), None)
    if h is None:
        return []
    head = [str(c) if c is not None else "" for c in data[h]]
    out = []
    for r in data[h + 1:]:
        if all(c is None for c in r):
            break
        out.append({k: v for k, v in zip(head, r) if k})
    return out


def main(a, b):
    wa = openpyxl.load_workbook(a, data_only=True)
    wb = openpyxl.load_workbook(b, data_only=True)
    diff = 0
    print("sheets only before:", sorted(set(wa.sheetnames) - set(wb.sheetnames)))
    print("sheets only after:", sorted(set(wb.sheetnames) - set(wa.sheetnames)))
    for name in wa.sheetnames:
        first = HEADER_FIRST.get(name)
        if name not in wb.sheetnames or not first:
            continue
        ra, rb = rows(wa[name], first), rows(wb[name], first)
        if name == "汇总表":
            key = lambda r: r.get("部门名称")
            for r in ra + rb:
                r.pop("序号", None)
            ra, rb = {key(r): r for r in ra}, {key(r): r for r in rb}
            same = ra == rb
        elif name == "审核问题":
            ra, rb = {r["编号"]: r for r in ra}, {r["编号"]: r for r in rb}
            same = ra == rb
        else:
            ra = Counter(tuple(sorted(r.items(), key=str)) for r in ra)
            rb = Counter(tuple(sorted(r.items(), key=str)) for r in rb)
            same = ra == rb
        print(f"{name}: {len(ra)} rows, {'same' if same else 'DIFFERENT'}")
        diff += not same
    sys.exit(1 if diff else 0)


if __name__ == "__main__":
    main(*sys.argv[1:3])
