"""The accuracy configuration a calibration runs with: the one sent with the request (the form as the user
sees it), else the project's saved one; checked against the model's input before the job is created."""

from __future__ import annotations

from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.api.calibration import AccuracySettingsUsed, CalibrationCreate, SettingsSource
from dlwb_common.api.projects import ProjectPublic
from dlwb_common.messages.agent import DatasetSpec
from dlwb_common.messages.models import ArtifactsReply
from dlwb_common.preprocessing_fit import check_fits


def resolve(calibration_in: CalibrationCreate, project: ProjectPublic) -> AccuracySettingsUsed:
    saved = project.accuracy_config or AccuracyConfig()
    if calibration_in.accuracy is not None:
        return AccuracySettingsUsed(config=calibration_in.accuracy, source=SettingsSource.request,
                                    matches_saved=calibration_in.accuracy == saved)
    source = SettingsSource.saved if project.accuracy_config is not None else SettingsSource.default
    return AccuracySettingsUsed(config=saved, source=source, matches_saved=True)


def check(used: AccuracySettingsUsed, dataset: DatasetSpec, parent: ArtifactsReply) -> None:
    """The pre-processing must fit the parent's image input where it is used (an imported dataset's images)
    or where the request sent it: ``preprocessing.mismatch`` otherwise."""
    if dataset.kind == "imported" or used.source == SettingsSource.request:
        check_fits(used.config.preprocessing, parent.inputs)


def describe(used: AccuracySettingsUsed) -> str:
    """One line for the log and the report: where the settings came from."""
    if used.source == SettingsSource.request:
        return ("the settings sent with the request (the project's saved settings are the same)" if used.matches_saved
                else "the settings sent with the request, NOT the project's saved settings")
    if used.source == SettingsSource.saved:
        return "the project's saved settings"
    return "the default settings (the project has none saved)"
