"""The key file beside an encrypted database (``<name>.db.keys``): the database key, wrapped.

The database is encrypted with SQLCipher 4 under a random 256-bit key. That key is never stored
in the clear; this small JSON file (0600) holds it *wrapped*:

- once per user: AES-256-GCM under a key derived from the user's password with argon2id
  (salt and cost stored with it), the user name as associated data. Changing a password re-wraps
  the key; the database is not re-encrypted.
- by the **recovery key** (恢复密钥): the database key *is* derived from the recovery key
  (HKDF-SHA256), so the recovery key opens the database, and its backups, even if this file is
  lost. Only a check value is stored here, to tell a mistyped recovery key.

It also keeps, per user, the failed-login count and the time before which no new try is
accepted (growing delay, at most ``MAX_DELAY`` seconds: never a permanent lock), and the failed
logins not yet written to the audit trail (the trail is inside the encrypted database, which a
failed login cannot open; they are written at the next successful login).

This is the one place that knows the file format; ``store.protect.cipher`` opens databases with
what ``unwrap`` returns.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

FORMAT = 1
SUFFIX = ".keys"
#: argon2id cost: OWASP's recommended minimum for argon2id (19 MiB, 2 passes, 1 lane): ~0.1 s on
#: the 2-core test machine when idle, ~0.3 s when busy (login target 0.5 s; bench/protect.py).
#: Stored with each wrapped key, so a later version can raise it for new passwords.
ARGON2_T, ARGON2_M, ARGON2_P = 2, 19456, 1
#: Failed tries allowed without delay, then 2, 4, 8 … seconds, at most ``MAX_DELAY``.
FREE_TRIES = 3
MAX_DELAY = 300
RECOVERY_BYTES = 20  # 160 bits → 32 base32 characters in 8 groups of 4


class KeyringError(Exception):
    """A problem with the key file; ``str()`` is Chinese."""


class WrongPassword(KeyringError):
    pass


class LockedOut(KeyringError):
    def __init__(self, name: str, wait: float) -> None:
        self.wait = wait
        super().__init__(f"用户“{name}”登录失败次数过多，请 {int(wait) + 1} 秒后再试。")


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"))


def normalize_name(name: str) -> str:
    return unicodedata.normalize("NFC", (name or "").strip())


def keyring_path(db_path: os.PathLike | str) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + SUFFIX)


# ---------------------------------------------------------------- key derivation

def new_recovery_key() -> str:
    """A new recovery key as shown to the user: ``ABCD-EFGH-…`` (8 groups of 4, base32)."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    clean = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    clean = clean.replace("0", "O").replace("1", "I").replace("8", "B")  # look-alikes typed by hand
    try:
        raw = base64.b32decode(clean)
    except (ValueError, base64.binascii.Error):
        raw = b""
    if len(raw) != RECOVERY_BYTES:
        raise WrongPassword("恢复密钥格式不正确：应为 32 个字母和数字（可带“-”分隔），请对照打印的恢复密钥重新输入。")
    return raw


def database_key(recovery_secret: bytes) -> bytes:
    """The 256-bit SQLCipher key derived from the recovery key (HKDF-SHA256, one block)."""
    prk = hmac.new(b"vcadre-db-key-salt", recovery_secret, hashlib.sha256).digest()
    return hmac.new(prk, b"vcadre sqlcipher4 raw key\x01", hashlib.sha256).digest()


def key_check(key: bytes) -> str:
    return hmac.new(key, b"vcadre key check", hashlib.sha256).hexdigest()[:16]


def _kek(password: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(password.encode("utf-8"), salt, t, m, p, 32, Type.ID)


def _wrap(kek: bytes, key: bytes, aad: bytes) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return nonce, AESGCM(kek).encrypt(nonce, key, aad)


def _unwrap(kek: bytes, nonce: bytes, blob: bytes, aad: bytes) -> Optional[bytes]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(nonce, blob, aad)
    except InvalidTag:
        return None


# ---------------------------------------------------------------- the file

@dataclass
class Keyring:
    path: Path
    data: dict

    @classmethod
    def new(cls, db_path: os.PathLike | str, key: bytes) -> "Keyring":
        return cls(keyring_path(db_path), {"format": FORMAT, "cipher": "sqlcipher4-raw-key",
                                           "key_check": key_check(key), "users": {}, "pending_audit": []})

    @classmethod
    def exists_for(cls, db_path: os.PathLike | str) -> bool:
        return keyring_path(db_path).exists()

    @classmethod
    def load(cls, db_path: os.PathLike | str) -> "Keyring":
        path = keyring_path(db_path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KeyringError(f"找不到数据库的密钥文件“{path}”：请把它和数据库放在同一文件夹中，"
                               "或用恢复密钥恢复（vcadre recover）。") from None
        except (OSError, ValueError) as exc:
            raise KeyringError(f"密钥文件“{path}”无法读取或已损坏（{exc}）：请用恢复密钥恢复（vcadre recover）。") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise KeyringError(f"密钥文件“{path}”的格式不受支持：请升级 vcadre，或用恢复密钥恢复。")
        data.setdefault("users", {})
        data.setdefault("pending_audit", [])
        return cls(path, data)

    def save(self, path: Optional[Path] = None) -> None:
        """Write atomically (temp file, fsync, rename), readable by the owner only."""
        target = Path(path or self.path)
        tmp = target.with_name(target.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)

    # -------------------------------------------------------------- users

    def names(self) -> list[str]:
        return sorted(self.data["users"])

    def has_user(self, name: str) -> bool:
        return normalize_name(name) in self.data["users"]

    def set_password(self, name: str, password: str, key: bytes) -> None:
        """Wrap ``key`` under ``password`` for ``name`` (new user or changed password)."""
        name = normalize_name(name)
        salt = secrets.token_bytes(16)
        kek = _kek(password, salt, ARGON2_T, ARGON2_M, ARGON2_P)
        nonce, blob = _wrap(kek, key, name.encode("utf-8"))
        self.data["users"][name] = {"kdf": "argon2id", "t": ARGON2_T, "m": ARGON2_M, "p": ARGON2_P,
                                    "salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(blob),
                                    "failures": 0, "next_try": 0.0}

    def remove_user(self, name: str) -> None:
        self.data["users"].pop(normalize_name(name), None)

    def rename_user(self, old: str, new: str) -> None:
        raise KeyringError("用户改名需要重新设置密码。")

    def wait_seconds(self, name: str, now: Optional[float] = None) -> float:
        entry = self.data["users"].get(normalize_name(name))
        if not entry:
            return 0.0
        return max(0.0, float(entry.get("next_try", 0.0)) - (now if now is not None else time.time()))

    def unwrap(self, name: str, password: str, now: Optional[float] = None) -> bytes:
        """The database key for ``name``/``password``; counts failures (growing delay)."""
        now = now if now is not None else time.time()
        name = normalize_name(name)
        entry = self.data["users"].get(name)
        wait = self.wait_seconds(name, now)
        if wait > 0:
            raise LockedOut(name, wait)
        key = None
        if entry:
            kek = _kek(password, _unb64(entry["salt"]), int(entry["t"]), int(entry["m"]), int(entry["p"]))
            key = _unwrap(kek, _unb64(entry["nonce"]), _unb64(entry["wrapped"]), name.encode("utf-8"))
        else:
            # Same cost for an unknown name: the delay does not tell which names exist.
            _kek(password, b"\0" * 16, ARGON2_T, ARGON2_M, ARGON2_P)
        if key is None or key_check(key) != self.data.get("key_check"):
            self.note_failure(name, now)
            raise WrongPassword("用户名或密码不正确。")
        if entry.get("failures"):
            entry["failures"] = 0
            entry["next_try"] = 0.0
            self._save_quietly()
        return key

    def note_failure(self, name: str, now: float) -> None:
        entry = self.data["users"].get(name)
        failures = 1
        if entry is not None:
            failures = int(entry.get("failures", 0)) + 1
            entry["failures"] = failures
            if failures >= FREE_TRIES:
                entry["next_try"] = now + min(MAX_DELAY, 2 ** (failures - FREE_TRIES + 1))
        pending = self.data["pending_audit"]
        if len(pending) < 1000:
            pending.append({"at": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now)), "user": name[:40],
                            "known": entry is not None, "failures": failures})
        self._save_quietly()

    def _save_quietly(self) -> None:
        try:
            self.save()
        except OSError:
            pass  # a read-only medium: the delay then lasts for this process only

    def take_pending_audit(self) -> list[dict]:
        pending, self.data["pending_audit"] = self.data["pending_audit"], []
        return pending

    # -------------------------------------------------------------- recovery

    def check_recovery(self, recovery_secret: bytes) -> bytes:
        key = database_key(recovery_secret)
        if key_check(key) != self.data.get("key_check"):
            raise WrongPassword("恢复密钥不正确：它不属于这个数据库。")
        return key

    def as_dict(self) -> dict[str, Any]:
        return self.data
