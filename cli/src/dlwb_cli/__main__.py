from dlwb_cli.main import app

app(prog_name="dlwb")
