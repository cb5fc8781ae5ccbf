"""Password hashing with bcrypt, off the event loop and in a bounded pool.

bcrypt reads at most 72 bytes and bcrypt 5 refuses longer input, so every password is
first reduced to the base64 of its SHA-256 digest (44 ASCII bytes): any length and any
Unicode text is accepted and every byte of it counts.
"""

import base64
import hashlib

import anyio
import anyio.to_thread
import bcrypt


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


class PasswordHasher:
    def __init__(self, *, rounds: int, concurrency: int) -> None:
        self._rounds = rounds
        self._limiter = anyio.CapacityLimiter(concurrency)
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hash_sync, password, limiter=self._limiter)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Check ``password``; with no hash, spend the same work on a dummy and fail.

        Spending the work either way keeps an unknown account from answering faster
        than a wrong password.
        """
        candidate = password_hash or await self._dummy()
        matches = await anyio.to_thread.run_sync(
            self._check_sync, password, candidate, limiter=self._limiter
        )
        return matches and password_hash is not None

    async def _dummy(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = await self.hash("flowback dummy password")
        return self._dummy_hash

    def _hash_sync(self, password: str) -> str:
        salt = bcrypt.gensalt(rounds=self._rounds)
        return bcrypt.hashpw(_prehash(password), salt).decode()

    @staticmethod
    def _check_sync(password: str, password_hash: str) -> bool:
        try:
            return bcrypt.checkpw(_prehash(password), password_hash.encode())
        except ValueError:
            return False
