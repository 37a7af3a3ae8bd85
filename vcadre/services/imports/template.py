"""The .xlsx template of a kind: its columns (required ones shaded), dropdowns for coded fields
(lists on a hidden 代码 sheet), text format for ID numbers, phones and dates (so Excel cannot
turn them into numbers), an example row in grey, and a 填写说明 sheet that says exactly what
the import accepts (the same normalisers)."""

from __future__ import annotations

from pathlib import Path

from vcadre.domain.codes import TABLES
from vcadre.domain.normalise import DATE_FORMS, MONTH_FORMS
from vcadre.services.imports.engine import Spec

CODES_SHEET = "代码"
HELP_SHEET = "填写说明"
TEXT_KINDS = ("id", "phone", "date", "month", "text")


def write_template(spec: Spec, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet or spec.title
    ws.append([f.label for f in spec.fields])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FDE9D9")
    for i, f in enumerate(spec.fields, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = bold
        if f.required:
            cell.fill = fill
        if f.help:
            cell.comment = Comment(f.help, "vcadre")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = f.width or max(10, len(f.label) * 2 + 4)
        if f.kind in TEXT_KINDS:
            for r in range(2, 1002):
                ws.cell(row=r, column=i).number_format = "@"
    ws.freeze_panes = "A2"
    tables = list(dict.fromkeys(f.codes for f in spec.fields if f.codes))
    if tables:
        codes_ws = wb.create_sheet(CODES_SHEET)
        for j, name in enumerate(tables, start=1):
            table = TABLES[name]
            codes_ws.cell(row=1, column=j, value=table.title)
            for r, item in enumerate(table, start=2):
                codes_ws.cell(row=r, column=j, value=item.label)
            letter = get_column_letter(j)
            ref = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(table.items) + 1}"
            # Not strict: synonyms (退役军人, 合格, 大专…) are accepted by the import too.
            dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=False)
            ws.add_data_validation(dv)
            for i, f in enumerate(spec.fields, start=1):
                if f.codes == name:
                    dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}10000")
        codes_ws.sheet_state = "hidden"
    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 110
    required = "、".join(f.label for f in spec.fields if f.required)
    lines = [
        f"{spec.title}导入模板 填写说明",
        f"1. 在“{ws.title}”工作表中每行填写一条（示例见本页末尾）。列的顺序可以调整，"
        "表头上方可以有标题行，可以有“序号”列；列名也可用常见写法（如“公民身份号码”“文化程度”）。",
        f"2. 带底色的列为必填项：{required}。",
        f"3. 日期可写成 {DATE_FORMS}。标明“可只写年月”的栏也可写 {MONTH_FORMS}。",
        "4. 身份证号码、电话、日期列已设为“文本”格式，请勿改成数字：Excel 把 18 位号码存成数字时会丢失末几位，"
        "这样的号码将被拒绝。",
        "5. 带下拉列表的列请从列表中选择（常见的别称也能识别，如“退役军人”“大专”“合格”）。",
        "6. 导入前程序先预检全部行，列出每一处错误（行号、列名、原因）；可选择只导入正确的行，或修改后全部导入。"
        "导入前自动备份数据库；重复导入同一文件不会重复记录。",
    ]
    lines += [f"{7 + n}. {text}" for n, text in enumerate(spec.help_lines)]
    lines.append("")
    lines.append("各列说明：")
    for f in spec.fields:
        parts = [f"{f.label}{'（必填）' if f.required else ''}"]
        if f.codes:
            parts.append("可选：" + "、".join(i.label for i in TABLES[f.codes]))
        if f.kind == "month" and "可只写年月" not in f.help:
            parts.append("日期，可只写年月")
        elif f.kind == "date":
            parts.append("日期")
        if f.help:
            parts.append(f.help.rstrip("。"))
        if f.aliases:
            parts.append("也可写作：" + "、".join(a for a in f.aliases if a.isascii() is False))
        lines.append("  · " + "；".join(parts) + "。")
    if spec.example:
        lines.append("")
        lines.append("示例（一行）：")
        lines.append("  " + " | ".join(f"{f.label}：{v}" for f, v in zip(spec.fields, spec.example) if v != ""))
    for r, text in enumerate(lines, start=1):
        c = help_ws.cell(row=r, column=1, value=text)
        c.alignment = Alignment(wrap_text=True)
    help_ws["A1"].font = Font(bold=True, size=14)
    path = Path(path)
    wb.save(path)
    return path
