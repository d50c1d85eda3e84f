"""What an authenticator app needs from a TOTP device, and what it would show right now."""

from __future__ import annotations

import time
from base64 import b32encode
from dataclasses import dataclass

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class CurrentCode:
    code: str
    seconds_left: int
    # The device refuses a code it has accepted before (replay protection): wait for the next.
    already_used: bool


def current_code(device: TOTPDevice, *, now: float | None = None) -> CurrentCode:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if now is None else now
    step_end = device.t0 + (int(totp.time - device.t0) // device.step + 1) * device.step
    return CurrentCode(
        code=f"{totp.token():0{device.digits}d}",
        seconds_left=int(step_end - totp.time),
        already_used=totp.t() <= device.last_t,
    )


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, as authenticator apps ask for it."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG data URI: an <img> source that the CSP allows."""
    qr = segno.make(device.config_url, error="m", micro=False)
    return str(qr.svg_data_uri(scale=5, dark="#000", light="#fff"))
