import time
from urllib.parse import parse_qs, urlparse

import pytest

from dlwb_model_service.artifacts.signing import BadSignatureError, signed_url, verify

KEY = b"k" * 32
SHA = "ab" * 32


def parts(url: str) -> tuple[int, str]:
    query = parse_qs(urlparse(url).query)
    return int(query["expires"][0]), query["sig"][0]


def test_signed_url_verifies() -> None:
    url = signed_url(KEY, "http://gw:8800/", SHA, 60)
    assert url.startswith(f"http://gw:8800/api/v1/artifacts/{SHA}?")
    verify(KEY, SHA, *parts(url))


def test_a_non_ascii_signature_is_refused_not_a_crash() -> None:
    """Found by fuzzing: ``?sig=é`` made hmac.compare_digest raise TypeError (a 500)."""
    expires, _sig = parts(signed_url(KEY, "http://gw", SHA, 60))
    with pytest.raises(BadSignatureError):
        verify(KEY, SHA, expires, "\u00e9" * 64)


def test_tampered_or_foreign_links_are_refused() -> None:
    expires, sig = parts(signed_url(KEY, "http://gw", SHA, 60))
    with pytest.raises(BadSignatureError):
        verify(KEY, "cd" * 32, expires, sig)  # another file
    with pytest.raises(BadSignatureError):
        verify(KEY, SHA, expires + 1, sig)  # extended validity
    with pytest.raises(BadSignatureError):
        verify(b"other-key", SHA, expires, sig)


def test_expired_link_is_refused() -> None:
    expires, sig = parts(signed_url(KEY, "http://gw", SHA, -1))
    assert expires < time.time()
    with pytest.raises(BadSignatureError) as caught:
        verify(KEY, SHA, expires, sig)
    assert caught.value.code == "artifact.link_expired"
