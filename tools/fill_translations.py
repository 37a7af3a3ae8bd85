"""Fill unfinished translations in a .ts from a JSON object {source: translation}.

    python tools/fill_translations.py resources/i18n/vcadre_zh_CN.ts translations.json

Handy when many strings were added at once; Qt Linguist does the same interactively.
"""
import json, sys
from xml.sax.saxutils import escape
ts, mapping = sys.argv[1], json.loads(open(sys.argv[2]).read())
text = open(ts, encoding="utf-8").read()
for src, tr in mapping.items():
    old = f"<source>{escape(src, {chr(34): '&quot;', chr(39): '&apos;'})}</source>\n        <translation type=\"unfinished\"></translation>"
    if old not in text:
        old2 = f"<source>{escape(src)}</source>\n        <translation type=\"unfinished\"></translation>"
        if old2 not in text:
            print("NOT FOUND:", src); continue
        old = old2
    new = old.split("<translation")[0] + f"<translation>{escape(tr)}</translation>"
    text = text.replace(old, new)
open(ts, "w", encoding="utf-8").write(text)
