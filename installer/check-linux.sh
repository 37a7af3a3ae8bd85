#!/usr/bin/env bash
# Linux check of the Windows delivery (CI runs it after the tests; ~1.5–2.5 min on 2 cores).
#
#   bash installer/check-linux.sh            # uses .venv (made by `python3 dev.py setup` if missing)
#   PYTHON=/path/to/python bash installer/check-linux.sh
#   KEEP=1 bash installer/check-linux.sh     # keep the test folder and the installer .exe
#
# 1. installs what it needs: the `packaging` extra of pyproject.toml (PyInstaller) into that
#    Python; nsis, poppler-utils (and 7zip, optional) with apt when run as root and missing;
# 2. builds the one-folder bundle from installer/vcadre.spec into build/linux/dist/vcadre;
# 3. runs the FROZEN programs offscreen, from a folder outside the source tree, on paths with
#    Chinese characters and spaces: `selftest` creates a new database (alembic migrations read
#    from the bundle), builds the demo county and writes a Chinese PDF (reportlab + bundled font),
#    and loads Qt's and our zh_CN translations and the icon; pdftotext/pdffonts check the PDF;
#    `init` and `stats` run; the windowed program opens its main window on the demo database
#    and quits (VCADRE_BENCH_READY), also with stdout/stderr closed as a windowed .exe has them,
#    without writing a crash report;
# 4. compiles installer/vcadre.nsi with makensis (-WX: warnings are errors) against this bundle,
#    uncompressed, and lists the installer's contents with 7-Zip.
#
# What step 4 proves: the script is valid NSIS 3 (Unicode, SimpChinese MUI pages and strings,
# plugins, icon, version resource), every file it names exists, and the bundle's folder layout
# (_internal/, resources, migrations, Qt translations) lands under $INSTDIR as intended. It does
# NOT prove the installer runs on Windows: a Linux bundle has `vcadre`, not `vcadre.exe`, and
# shortcuts, registry keys and the file association only happen on Windows. The Windows workflow
# (.github/workflows/windows.yml) builds the real installer and installs/uninstalls it silently.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
OUT=$ROOT/build/linux
T0=$SECONDS
say() { printf '[check-linux %3ds] %s\n' "$((SECONDS - T0))" "$*"; }
fail() { printf '[check-linux] FAILED: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ 1. tools
PY=${PYTHON:-}
if [[ -z $PY ]]; then
    [[ -x .venv/bin/python ]] || python3 dev.py setup
    PY=$ROOT/.venv/bin/python
fi
need_apt=()
command -v makensis >/dev/null || need_apt+=(nsis)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v 7zz >/dev/null || command -v 7z >/dev/null || need_apt+=(7zip)
if ((${#need_apt[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say "apt-get install ${need_apt[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null; } \
            || say "apt-get failed for ${need_apt[*]} (7zip is optional)"
    fi
fi
command -v makensis >/dev/null || fail "makensis not found (apt-get install nsis)"
command -v pdftotext >/dev/null || fail "pdftotext not found (apt-get install poppler-utils)"

mapfile -t REQS < <("$PY" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["packaging"]))')
say "pip install ${REQS[*]}"
"$PY" -m pip install --quiet --disable-pip-version-check "${REQS[@]}"
VERSION=$(PYTHONPATH=$ROOT "$PY" -c 'import vcadre; print(vcadre.__version__)')

# ------------------------------------------------------------------ 2. bundle
mkdir -p "$OUT"
say "pyinstaller installer/vcadre.spec (vcadre $VERSION)"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$OUT/dist" --workpath "$OUT/work" \
    installer/vcadre.spec >"$OUT/pyinstaller.log" 2>&1 || { tail -40 "$OUT/pyinstaller.log"; fail "pyinstaller"; }
BUNDLE=$OUT/dist/vcadre
[[ -x $BUNDLE/vcadre && -x $BUNDLE/vcadre-cli ]] || fail "bundle has no vcadre / vcadre-cli"
say "bundle: $(du -sh "$BUNDLE" | cut -f1), $(find "$BUNDLE" -type f | wc -l) files"

# ------------------------------------------------------------------ 3. frozen smoke test
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vcadre check.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
DOCS="$WORK/张三 的文档"
mkdir -p "$DOCS/导出 文件"
DB="$DOCS/村干部 数据.db"
PDF="$DOCS/导出 文件/概况 自检（中文）.pdf"
export QT_QPA_PLATFORM=offscreen VCADRE_DATA_DIR="$WORK/用户 数据" LC_ALL=C.UTF-8
unset PYTHONPATH PYTHONHOME || true
cd "$WORK"  # nothing from the source tree can be imported from here

"$BUNDLE/vcadre-cli" --version | grep -qx "vcadre $VERSION" || fail "vcadre-cli --version"
say "frozen selftest (new database, demo county, PDF, Qt resources)"
"$BUNDLE/vcadre-cli" selftest --db "$DB" --out "$PDF" --qt --strict >"$WORK/selftest.json" \
    || { cat "$WORK/selftest.json"; fail "frozen selftest"; }
"$PY" - "$WORK/selftest.json" <<'EOF' || fail "selftest report"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
h, qt = r["headline"], r["qt"]
assert r["frozen"] and r["created"] and r["demo_built"], r
assert h["villages"] > 500 and h["persons"] > 10000 and h["one_shoulder_villages"] > 0, h
assert qt["font"] and qt["vcadre_qm"] and qt["qtbase_qm"] and qt["icon"], qt
assert qt["qt_ok_button"] == "确定", qt
assert r["encryption"]["ok"] and r["encryption"]["cipher"].startswith("4."), r["encryption"]
assert r["documents"]["qr_roundtrip"], r["documents"]
print(f"  frozen={r['frozen']} sqlite={r['sqlite']} villages={h['villages']} persons={h['persons']} "
      f"pdf={r['pdf_bytes']} bytes, Qt OK button={qt['qt_ok_button']}, SQLCipher {r['encryption']['cipher']}")
EOF
TEXT=$(pdftotext -enc UTF-8 "$PDF" -)
for want in "村干部档案管理" "“一肩挑”村" "按阶段：村党组织书记" "村干部 数据.db"; do
    grep -qF "$want" <<<"$TEXT" || fail "PDF text lacks “$want”"
done
pdffonts "$PDF" | grep -E "WenQuanYi" | grep -qE "yes +yes +yes" || fail "PDF font not embedded"
CERT="$DOCS/导出 文件/概况 自检（中文）-证书.pdf"
for face in UKaiCN UMingCN; do
    pdffonts "$CERT" | grep -E "$face" | grep -qE "yes +yes +yes" || fail "certificate font $face not embedded"
done
say "frozen certificate verification from a rendered scan (zxing-cpp in the bundle)"
pdftoppm -r 150 -png -f 1 -l 1 "$CERT" "$WORK/scan"
"$BUNDLE/vcadre-cli" certificates verify --db "$DB" --image "$WORK"/scan*.png >"$WORK/verify.txt" \
    || { cat "$WORK/verify.txt"; fail "frozen certificates verify --image"; }
grep -q "核验结果：有效" "$WORK/verify.txt" || fail "frozen verification did not say 有效"

"$BUNDLE/vcadre-cli" stats --db "$DB" --json >"$WORK/stats.json" || fail "frozen stats"
"$PY" -c 'import json,sys; a=json.load(open(sys.argv[1], encoding="utf-8")); b=json.load(open(sys.argv[2], encoding="utf-8"))["headline"]; assert a["persons"]==b["persons"], (a, b)' \
    "$WORK/stats.json" "$WORK/selftest.json" || fail "stats disagree with selftest"
"$BUNDLE/vcadre-cli" init --db "$WORK/新 站点/龙场镇 数据.db" --site-name "龙场镇组织办" >/dev/null || fail "frozen init"

say "frozen window (offscreen) on the demo database"
READY=$(VCADRE_BENCH_READY=1 timeout 120 "$BUNDLE/vcadre" --db "$DB" 2>"$WORK/gui.err") || { cat "$WORK/gui.err"; fail "frozen window exited with an error"; }
grep -q VCADRE_READY <<<"$READY" || { cat "$WORK/gui.err"; fail "frozen window never showed"; }
# Like vcadre.exe on Windows (a windowed program has no stdout/stderr: sys.stdout is None).
VCADRE_BENCH_READY=1 timeout 120 "$BUNDLE/vcadre" --db "$DB" >&- 2>&- || fail "frozen window without stdout/stderr"
if compgen -G "$VCADRE_DATA_DIR/logs/crash-*.log" >/dev/null; then
    cat "$VCADRE_DATA_DIR"/logs/crash-*.log; fail "the frozen window wrote a crash report"
fi
cd "$ROOT"

# ------------------------------------------------------------------ 4. installer script
say "makensis installer/vcadre.nsi against the bundle"
SETUP=$OUT/vcadre-$VERSION-linuxcheck-setup.exe
makensis -V2 -WX -DNO_COMPRESS -DVERSION="$VERSION" -DBUNDLE_DIR="$BUNDLE" -DOUTFILE="$SETUP" \
    installer/vcadre.nsi || fail "makensis"
[[ -s $SETUP ]] || fail "makensis wrote no installer"
SEVENZ=$(command -v 7zz || command -v 7z || true)
if [[ -n $SEVENZ ]]; then
    LISTING=$("$SEVENZ" l "$SETUP")
    grep -q "SubType = NSIS-3 Unicode" <<<"$LISTING" || fail "not an NSIS 3 Unicode installer"
    for want in vcadre-cli uninstall.exe _internal/resources/fonts/wqy-microhei.ttc \
        _internal/resources/fonts/ukai.ttc _internal/resources/fonts/uming.ttc _internal/resources/fonts/ARPHICPL.TXT \
        _internal/resources/i18n/vcadre_zh_CN.qm _internal/resources/icons/vcadre.ico \
        _internal/vcadre/store/migrations/env.py _internal/PySide6/Qt/translations/qtbase_zh_CN.qm; do
        grep -qF " $want" <<<"$LISTING" || fail "installer lacks $want"
    done
    say "installer: $(tail -1 <<<"$LISTING" | awk '{print $(NF-1), $NF}') incl. uninstall.exe"
else
    say "7-Zip not available: installer contents not listed"
fi
[[ -n ${KEEP:-} ]] || rm -f "$SETUP"
say "OK: bundle builds, frozen program works on Chinese paths with spaces, installer script compiles"
