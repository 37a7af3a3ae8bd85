"""``vcadre certificates verify|revoke`` and ``vcadre person form|rmb|lrmx|lrmx-import|photo|photos``."""

from __future__ import annotations

import pytest

import io
import json
import subprocess
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.store.models import Person
from tests.unit.test_cli_training import build

pytestmark = pytest.mark.both_backends  # --db is a file or a server URL


def _scan(pdf: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))],
                   check=True)
    return next(pdf.parent.glob(pdf.stem + "-*.png"))


def test_verify_number_scan_code_and_revoke(db, small_county, tmp_path: Path, capsys) -> None:
    build(db, small_county)
    path = db.location
    out = tmp_path / "证书.pdf"
    assert main(["certificates", "--db", path, "--class", "示范", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["certificates", "verify", "--db", path, "织金培[2024]001-0001"]) == 0
    text = capsys.readouterr().out
    assert "核验结果：有效" in text and "2024年村干部示范培训班" in text and "16 学时" in text
    scan = _scan(out)
    assert main(["certificates", "verify", "--db", path, "--image", str(scan), "--json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert (result["verdict"], result["label"], result["source"]) == ("valid", "有效", "code")
    number = result["number"]
    assert main(["certificates", "revoke", "--db", path, number, "--reason", "冒名参训", "--date", "2024-06-01"]) == 0
    assert "已撤销证书" in capsys.readouterr().out
    assert main(["certificates", "verify", "--db", path, "--image", str(scan)]) == 4
    text = capsys.readouterr().out
    assert "核验结果：已撤销" in text and "撤销理由：冒名参训" in text and "2024年06月01日" in text
    assert main(["certificates", "verify", "--db", path, "织金培〔2099〕001-0001号"]) == 5
    assert "核验结果：未找到" in capsys.readouterr().out
    assert main(["certificates", "verify", "--db", path, "--code", "VC1:" + "A" * 40]) == EXIT_USER_ERROR
    assert "错误：" in capsys.readouterr().err
    blank = tmp_path / "白纸.png"
    Image.new("L", (200, 200), 255).save(blank)
    assert main(["certificates", "verify", "--db", path, "--image", str(blank)]) == EXIT_USER_ERROR
    assert "没有找到二维码" in capsys.readouterr().err
    assert main(["certificates", "verify", "--db", path]) == EXIT_USER_ERROR
    assert main(["certificates", "--db", path]) == EXIT_USER_ERROR  # print needs --class and --out
    assert "--class" in capsys.readouterr().err


def test_person_documents_commands(db, small_county, tmp_path: Path, capsys) -> None:
    build(db, small_county)
    path = db.location
    with db.session() as s:
        pid, number = s.execute(select(Person.id, Person.id_number).where(Person.name == "张三")).one()
    form = tmp_path / "张三.pdf"
    assert main(["person", "form", "--db", path, "--id", number, "--out", str(form)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(form), "-"], capture_output=True, text=True).stdout
    assert "张三" in text and number not in text and "测试站点" in text
    assert main(["person", "form", "--db", path, "--id", pid, "--out", str(form), "--show-id"]) == 0
    assert number in subprocess.run(["pdftotext", str(form), "-"], capture_output=True, text=True).stdout
    rmb = tmp_path / "张三-任免审批表.pdf"
    assert main(["person", "rmb", "--db", path, "--id", number, "--out", str(rmb)]) == 0
    lrmx = tmp_path / "张三.lrmx"
    assert main(["person", "lrmx", "--db", path, "--id", number, "--out", str(lrmx)]) == 0
    capsys.readouterr()
    assert main(["person", "lrmx-import", str(lrmx), "--db", path]) == 0
    assert "没有需要导入的改动" in capsys.readouterr().out
    lrmx.write_text(lrmx.read_text("utf-8").replace("<ChuShengDi />", "<ChuShengDi>贵州织金</ChuShengDi>"), "utf-8")
    assert main(["person", "lrmx-import", str(lrmx), "--db", path]) == 0
    out = capsys.readouterr().out
    assert "出生地：（空） → 贵州织金" in out and "未写入" in out
    assert main(["person", "lrmx-import", str(lrmx), "--db", path, "--yes"]) == 0
    assert main(["person", "lrmx-import", str(lrmx), "--db", path]) == 0
    assert "没有需要导入的改动" in capsys.readouterr().out
    assert main(["person", "form", "--db", path, "--id", "000000000000000000", "--out", str(form)]) == EXIT_USER_ERROR
    assert "找不到人员" in capsys.readouterr().err
    photo = tmp_path / f"{number}.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (500, 700), (80, 120, 200)).save(buf, "JPEG")
    photo.write_bytes(buf.getvalue())
    assert main(["person", "photo", "--db", path, "--id", number, str(photo)]) == 0
    assert "已保存照片（300×420 像素" in capsys.readouterr().out
    assert main(["person", "photo", "--db", path, "--id", number, "--remove"]) == 0
    assert main(["person", "photos", str(tmp_path), "--db", path]) == 0
    out = capsys.readouterr().out
    assert "→ 张三" in out and "未写入" in out
    assert main(["person", "photos", str(tmp_path), "--db", path, "--yes"]) == 0
    assert "已导入 1 张照片" in capsys.readouterr().out
