from dlwb_common.errors import redact_paths


def test_absolute_paths_keep_only_their_file_name() -> None:
    assert redact_paths("cannot read /srv/data/model-service/models/mdl_1/source/x.onnx: truncated") == (
        "cannot read x.onnx: truncated")
    assert redact_paths("in (/a/b/c.bin) and '/d/e.xml'") == "in (c.bin) and 'e.xml'"


def test_urls_fractions_and_relative_paths_are_left_alone() -> None:
    for message in ("see http://127.0.0.1:8800/api/v1/models/x", "point 1/3", "./rel/x", "~/x/y", "a/b"):
        assert redact_paths(message) == message
