"""The IR graph as JSON for the SPA's graph view: operations (constants folded into their users) and edges."""

from __future__ import annotations

import openvino as ov

HIDDEN = {"Constant"}
MAX_ATTRIBUTE_CHARS = 80


def shape_of(port: ov.Output) -> list[int | str]:
    return [d.get_length() if d.is_static else "?" for d in port.get_partial_shape()]


def attributes_of(op: ov.Node) -> dict[str, str]:
    try:
        attributes = op.get_attributes()
    except RuntimeError:
        return {}
    return {key: str(value)[:MAX_ATTRIBUTE_CHARS] for key, value in sorted(attributes.items())}


def graph_of(model: ov.Model) -> dict[str, list[dict[str, object]]]:
    nodes, edges = [], []
    for op in model.get_ordered_ops():
        if op.get_type_name() in HIDDEN:
            continue
        output = op.outputs()[0] if op.get_output_size() else None
        nodes.append({"id": op.get_friendly_name(), "name": op.get_friendly_name(), "type": op.get_type_name(),
                      "shape": shape_of(output) if output is not None else [],
                      "element_type": output.get_element_type().get_type_name() if output is not None else "",
                      "attributes": attributes_of(op)})
        for target_port, source in enumerate(op.input_values()):
            producer = source.get_node()
            if producer.get_type_name() in HIDDEN:
                continue
            edges.append({"source": producer.get_friendly_name(), "target": op.get_friendly_name(),
                          "source_port": source.get_index(), "target_port": target_port})
    return {"nodes": nodes, "edges": edges}
