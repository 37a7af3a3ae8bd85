import logging

import pytest

from vcadre import logsetup
from vcadre.logsetup import mask_personal_data

ID = "52052419900101123X"
MOBILE = "13812345678"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ID, "520524********123X"),
        ("52052419900101123x", "520524********123x"),
        ("110101199003071234", "110101********1234"),
        (f"身份证号{ID}，电话{MOBILE}。", "身份证号520524********123X，电话138****5678。"),
        (MOBILE, "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("tel:86-13812345678", "tel:86-138****5678"),
        (f"id={ID} ok", "id=520524********123X ok"),
        # Not personal data: shorter or longer digit runs stay as they are.
        ("row 1234567890 of 20240101", "row 1234567890 of 20240101"),
        ("1381234567", "1381234567"),
        ("1234567890123456789012", "1234567890123456789012"),
        ("uuid 018f3b2c-7d1e-7a00-8000-0123456789ab", "uuid 018f3b2c-7d1e-7a00-8000-0123456789ab"),
    ],
)
def test_mask_personal_data(text, expected):
    assert mask_personal_data(text) == expected
    assert mask_personal_data(expected) == expected  # idempotent


@pytest.fixture
def root_logger():
    """Restore the root logger after setup_logging() changed it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_log_file_never_sees_id_or_phone(tmp_path, root_logger, capsys):
    log_file = logsetup.setup_logging(tmp_path / "logs")
    log = logging.getLogger("vcadre.test")
    log.info("saved person %s, phone %s", ID, MOBILE)
    log.info(f"f-string too: {ID}")
    try:
        raise ValueError(f"bad ID number {ID}")
    except ValueError:
        log.exception("import failed for %s", MOBILE)
    log.warning("also on stderr: %s", MOBILE)
    for handler in root_logger.handlers:
        handler.flush()

    text = log_file.read_text(encoding="utf-8")
    assert ID not in text and MOBILE not in text
    assert "saved person 520524********123X, phone 138****5678" in text
    assert "f-string too: 520524********123X" in text
    assert "ValueError: bad ID number 520524********123X" in text
    err = capsys.readouterr().err
    assert "also on stderr: 138****5678" in err
    assert "saved person" not in err  # stderr only gets WARNING and above
    assert MOBILE not in err


def test_setup_logging_twice_does_not_duplicate_handlers(tmp_path, root_logger):
    others = [h for h in root_logger.handlers if not logsetup._is_ours(h)]
    logsetup.setup_logging(tmp_path)
    once = [h for h in root_logger.handlers if logsetup._is_ours(h)]
    logsetup.setup_logging(tmp_path, level=logging.DEBUG)
    twice = [h for h in root_logger.handlers if logsetup._is_ours(h)]
    assert len(twice) == len(once) >= 1
    assert not set(map(id, twice)) & set(map(id, once))  # replaced, not kept beside the new ones
    assert [h for h in root_logger.handlers if not logsetup._is_ours(h)] == others  # pytest's stay
    assert root_logger.level == logging.DEBUG


def test_log_file_rotates(tmp_path, root_logger):
    log_file = logsetup.setup_logging(tmp_path)
    (handler,) = [h for h in root_logger.handlers if logsetup._is_ours(h) and hasattr(h, "maxBytes")]
    assert handler.maxBytes == 1_000_000 and handler.backupCount == 5
    assert log_file == tmp_path / "vcadre.log"


@pytest.mark.no_qt_log
def test_qt_messages_reach_the_qt_logger(caplog):
    from PySide6.QtCore import qInfo, qInstallMessageHandler

    previous = logsetup.install_qt_message_handler()
    try:
        with caplog.at_level(logging.DEBUG, logger="qt"):
            qInfo(f"hello from Qt, call {MOBILE}")
            logsetup.install_qt_message_handler()  # twice: no duplicate messages
            qInfo("second")
    finally:
        qInstallMessageHandler(previous)
    records = [r for r in caplog.records if r.name == "qt"]
    assert [r.levelno for r in records] == [logging.INFO, logging.INFO]
    assert "hello from Qt" in records[0].getMessage()
    assert records[1].getMessage().startswith("second")
