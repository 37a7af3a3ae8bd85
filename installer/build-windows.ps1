<#
.SYNOPSIS
  Build the vcadre Windows installer in one command: PyInstaller bundle, frozen self-test, NSIS.

.DESCRIPTION
  Run from anywhere on a 64-bit Windows 10/11 machine with Python 3.11+ (python.org or the
  py launcher) and NSIS 3 (https://nsis.sourceforge.io, or `winget install NSIS.NSIS`,
  or `choco install nsis`):

      powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1

  Steps:
    1. a build virtual environment in build\venv-win with the project and its `packaging` extra
       (PyInstaller, pinned in pyproject.toml);
    2. pyinstaller installer\vcadre.spec  ->  dist\vcadre\ (vcadre.exe windowed, vcadre-cli.exe);
    3. the frozen self-test: vcadre-cli.exe selftest on a database and PDF in a folder whose name
       has Chinese characters and spaces (new database, demo county, Chinese PDF, Qt resources);
    4. makensis installer\vcadre.nsi  ->  dist\vcadre-<version>-setup.exe (and its SHA-256).

  This file is ASCII on purpose: Windows PowerShell 5.1 reads a BOM-less script in the ANSI code
  page, so the Chinese folder names below are built from code points.

.PARAMETER Python
  The Python used to create the build venv (default: `py -3.11` if the launcher exists, else `python`).
.PARAMETER SkipSelfTest
  Do not run the frozen self-test (step 3).
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [switch]$SkipSelfTest
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Step($text) { Write-Host "[build-windows] $text" -ForegroundColor Cyan }
function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}
function Zh([int[]]$codes) { -join ($codes | ForEach-Object { [char]$_ }) }

# ------------------------------------------------------------------ 1. build venv
$Venv = Join-Path $Root "build\venv-win"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    Step "creating $Venv"
    if ($Python) {
        Invoke-Checked $Python @("-m", "venv", $Venv)
    } elseif (Get-Command py -ErrorAction SilentlyContinue) {
        Invoke-Checked "py" @("-3.11", "-m", "venv", $Venv)
    } else {
        Invoke-Checked "python" @("-m", "venv", $Venv)
    }
}
Step "pip install -e .[packaging]"
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[packaging]")
$Version = (& $VenvPython -c "import vcadre; print(vcadre.__version__)").Trim()

# ------------------------------------------------------------------ 2. bundle
Step "pyinstaller installer\vcadre.spec (vcadre $Version)"
Invoke-Checked $VenvPython @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "installer\vcadre.spec")
$Bundle = Join-Path $Root "dist\vcadre"
$Cli = Join-Path $Bundle "vcadre-cli.exe"
foreach ($exe in @("vcadre.exe", "vcadre-cli.exe")) {
    if (-not (Test-Path (Join-Path $Bundle $exe))) { throw "bundle lacks $exe" }
}

# ------------------------------------------------------------------ 3. frozen self-test
if (-not $SkipSelfTest) {
    # C:\Users\...\Temp\vcadre check\<Zhang San> <wendang>\<cun gan bu> <shu ju>.db
    $Work = Join-Path $env:TEMP ("vcadre check " + [guid]::NewGuid().ToString("N").Substring(0, 8))
    $Docs = Join-Path $Work ((Zh 0x5F20, 0x4E09) + " " + (Zh 0x6587, 0x6863))
    New-Item -ItemType Directory -Force -Path $Docs | Out-Null
    $Db = Join-Path $Docs ((Zh 0x6751, 0x5E72, 0x90E8) + " " + (Zh 0x6570, 0x636E) + ".db")
    $Pdf = Join-Path $Docs ((Zh 0x81EA, 0x68C0) + " report.pdf")
    $env:VCADRE_DATA_DIR = Join-Path $Work "user data"
    $env:QT_QPA_PLATFORM = "offscreen"
    try {
        Step "frozen selftest in $Docs"
        $report = & $Cli selftest --db $Db --out $Pdf --qt --strict
        if ($LASTEXITCODE -ne 0) { throw "frozen selftest failed ($LASTEXITCODE)" }
        $json = ($report -join "`n") | ConvertFrom-Json
        if (-not $json.frozen -or -not $json.demo_built -or $json.headline.villages -lt 500) {
            throw "unexpected selftest report: $report"
        }
        if (-not ($json.qt.vcadre_qm -and $json.qt.qtbase_qm -and $json.qt.icon)) {
            throw "Qt resources missing in the bundle: $($json.qt | ConvertTo-Json)"
        }
        if ((Get-Item $Pdf).Length -lt 10000) { throw "PDF too small" }
        Step ("selftest OK: sqlite {0}, {1} villages, {2} persons, PDF {3} bytes" -f `
            $json.sqlite, $json.headline.villages, $json.headline.persons, (Get-Item $Pdf).Length)
    } finally {
        Remove-Item Env:\VCADRE_DATA_DIR, Env:\QT_QPA_PLATFORM -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
    }
}

# ------------------------------------------------------------------ 4. installer
$MakeNsis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $MakeNsis) {
    foreach ($dir in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        if ($dir -and (Test-Path (Join-Path $dir "NSIS\makensis.exe"))) { $MakeNsis = Join-Path $dir "NSIS\makensis.exe"; break }
    }
}
if (-not $MakeNsis) { throw "makensis not found: install NSIS 3 (winget install NSIS.NSIS, or choco install nsis)" }
$Setup = Join-Path $Root "dist\vcadre-$Version-setup.exe"
Step "makensis installer\vcadre.nsi -> $Setup"
Invoke-Checked $MakeNsis @("/V2", "/WX", "/DVERSION=$Version", "/DBUNDLE_DIR=$Bundle", "/DOUTFILE=$Setup",
    (Join-Path $Root "installer\vcadre.nsi"))
$hash = (Get-FileHash -Algorithm SHA256 $Setup).Hash.ToLower()
Set-Content -Path "$Setup.sha256" -Value "$hash  $(Split-Path -Leaf $Setup)" -Encoding ascii
Step ("done: {0} ({1:N1} MB), sha256 {2}" -f $Setup, ((Get-Item $Setup).Length / 1MB), $hash)
