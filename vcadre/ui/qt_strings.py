"""Strings of Qt's own dialogs that Qt's ``qtbase_zh_CN.qm`` leaves in English.

Qt's Linux file dialog says "&Look in:" and "Files of &type:", while its zh_CN file translates
only the older "Look in:" / "Files of type:". Listed here in Qt's own context (``QFileDialog``),
``tools/i18n.py update`` puts them into our .ts, and our translator (installed after Qt's) fills
the gap. Nothing calls these: the markers are for the string extractor.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
)
