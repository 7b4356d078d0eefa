"""Console accounts: argon2 password hashes, roles, and a lock after repeated failures.

A login that fails ``MAX_FAILED_LOGINS`` times in a row locks the account for
``LOCK_MINUTES``; while locked even the right password is refused. An unknown user name costs
the same argon2 verification as a known one, so the answer time does not tell which exist.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import ROLES, StaffUser
from bot.staff.audit import record

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_CHARS = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")

_hasher = PasswordHasher()
# Verified against when the user name is unknown (same cost as a real check).
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class LoginStatus(Enum):
    OK = "ok"
    WRONG = "wrong"  # unknown user or wrong password (never said which)
    LOCKED = "locked"


@dataclass(frozen=True)
class Account:
    """What the web layer keeps of an account (never the hash)."""

    id: int
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    account: Account | None = None
    locked_until: dt.datetime | None = None


class AccountError(ValueError):
    """An account that cannot be created as asked (name, role, password)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _account(user: StaffUser) -> Account:
    return Account(id=user.id, username=user.username, role=user.role)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_CHARS:
        return f"das Passwort braucht mindestens {MIN_PASSWORD_CHARS} Zeichen"
    if password.strip() != password or not password.strip():
        return "das Passwort beginnt oder endet mit Leerzeichen"
    return None


def add_user(
    session: Session, username: str, password: str, role: str, *, actor: str = "cli"
) -> Account:
    """Create an account; AccountError if the name is taken or the input is not acceptable."""
    if not USERNAME.match(username):
        raise AccountError(
            "Benutzername: 2–80 Zeichen, Kleinbuchstaben, Ziffern, Punkt, Binde- oder Unterstrich"
        )
    if role not in ROLES:
        raise AccountError(f"unbekannte Rolle {role!r} (erlaubt: {', '.join(ROLES)})")
    if problem := password_problem(password):
        raise AccountError(problem)
    if session.execute(select(StaffUser.id).where(StaffUser.username == username)).first():
        raise AccountError(f"den Benutzer {username!r} gibt es schon")
    user = StaffUser(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        active=True,
        failed_logins=0,
        created_at=_now(),
    )
    session.add(user)
    session.flush()
    record(session, actor, "account.add", username, role=role)
    return _account(user)


def set_password(session: Session, username: str, password: str, *, actor: str) -> None:
    if problem := password_problem(password):
        raise AccountError(problem)
    user = _user(session, username)
    if user is None:
        raise AccountError(f"unbekannter Benutzer {username!r}")
    user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    record(session, actor, "account.password", username)


def _user(session: Session, username: str) -> StaffUser | None:
    return session.execute(
        select(StaffUser).where(StaffUser.username == username)
    ).scalar_one_or_none()


def authenticate(
    session: Session, username: str, password: str, *, now: dt.datetime | None = None
) -> LoginResult:
    """Check a login and count failures; the caller commits the session."""
    now = now or _now()
    user = _user(session, username.strip().lower())
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        return LoginResult(LoginStatus.WRONG)
    if user.locked_until is not None and user.locked_until > now:
        _verify(_DUMMY_HASH, password)
        return LoginResult(LoginStatus.LOCKED, locked_until=user.locked_until)
    if not _verify(user.password_hash, password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            record(session, user.username, "account.locked", user.username)
            return LoginResult(LoginStatus.LOCKED, locked_until=user.locked_until)
        return LoginResult(LoginStatus.WRONG)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return LoginResult(LoginStatus.OK, account=_account(user))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get_account(session: Session, account_id: int) -> Account | None:
    """The active account with this id (the web session stores only the id)."""
    user = session.get(StaffUser, account_id)
    return _account(user) if user is not None and user.active else None


def list_accounts(session: Session) -> list[StaffUser]:
    return list(session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())


def unlock(session: Session, username: str, *, actor: str) -> None:
    user = _user(session, username)
    if user is None:
        raise AccountError(f"unbekannter Benutzer {username!r}")
    user.locked_until = None
    user.failed_logins = 0
    record(session, actor, "account.unlock", username)
