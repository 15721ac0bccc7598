"""`coproduce language`: the language guide in use, listed or written out as a Vale style."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--vale",
    "vale_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write the guide as a Vale style into this folder (its StylesPath): one substitution rule per entry.",
)
@click.option("--list", "as_list", is_flag=True, help="List the entries of the guide in use, by id.")
@click.option(
    "--readability",
    "response",
    metavar="RESPONSE",
    help="Plain-English figures for each answer of this response (advice only).",
)
def command(vale_dir: Path | None, as_list: bool, response: str | None) -> None:
    """The language guide in use: the shipped one with the workbench's own templates/language.yaml laid over it.

    With --vale DIR, writes DIR/Coproduce/<Entry>.yml, so staff can lint in their own
    editors with Vale (StylesPath = DIR, BasedOnStyles = Coproduce in .vale.ini).
    With --readability RESPONSE, prints for each answer its words, sentences, average
    sentence length, Flesch reading ease and the sentences over 25 words.
    """
    if response is not None:
        _readability(response)
        if vale_dir is None and not as_list:
            return
    import yaml

    from pipeline.checks._guide import load_guide
    from pipeline.checks._vale import VALE_CANNOT, VALE_STYLE, vale_rules
    from pipeline.errors import UsageError
    from pipeline.load.workbench import SHIPPED_TEMPLATES, find_root, look_folders

    try:
        root: Path | None = find_root(Path.cwd())
    except UsageError:
        root = None  # outside a workbench: the shipped guide alone
    folders = look_folders(root / "templates", SHIPPED_TEMPLATES) if root else (SHIPPED_TEMPLATES,)
    guide = load_guide(folders)
    if as_list or vale_dir is None:
        for entry in guide.entries:
            click.echo(f"{entry.id} ({entry.severity}): {', '.join(entry.avoid)} -> {', '.join(entry.prefer)}")
    if vale_dir is None:
        return
    style = vale_dir.expanduser() / VALE_STYLE
    style.mkdir(parents=True, exist_ok=True)
    rules = vale_rules(guide)
    for name in sorted(p.name for p in style.glob("*.yml")):
        if name not in rules:
            (style / name).unlink()  # an entry switched off since the last export
    for name, rule in rules.items():
        text = yaml.safe_dump(rule, sort_keys=False, allow_unicode=True, width=1000)
        (style / name).write_text(text, encoding="utf-8")
    (style / "README.txt").write_text(VALE_CANNOT, encoding="utf-8")
    click.echo(f"Wrote {len(rules)} Vale rules to {style}, and README.txt: what Vale cannot do that check does.")
    click.echo(f"In .vale.ini set  StylesPath = {vale_dir}  and  BasedOnStyles = {VALE_STYLE}")


def _readability(response: str) -> None:
    from pipeline.build import check
    from pipeline.checks._readability import LONG, answer_figures
    from pipeline.commands._common import response_dir
    from pipeline.settings import make_settings

    checked = check(response_dir(response), make_settings(draft=True))
    for a in answer_figures(checked.assembly, checked.response):
        f = a.figures
        ease = f"{f.flesch:.0f}" if f.flesch is not None else "-"
        click.echo(
            f"Q{a.number} ({a.question_id}): {f.words} words, {f.sentences} sentences, "
            f"{f.average:.1f} words a sentence on average, Flesch reading ease {ease}, "
            f"{len(a.long)} over {LONG} words"
        )
        for path, line, n in a.long:
            click.echo(f"  {path}:{line}: a sentence of {n} words")
