import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from .test_strategy_data import build_strategy


def test_export_writes_the_pdf(workshop, tmp_path):
    build_strategy(workshop)
    target = tmp_path / "strategie.pdf"
    call_command("export_strategy", workshop.pk, "--format", "pdf", "-o", str(target))
    reader = PdfReader(target)
    assert len(reader.pages) > 1
    assert "Musterstadt ist digital und menschlich." in reader.pages[2].extract_text()


def test_export_writes_the_print_html(workshop, tmp_path):
    build_strategy(workshop)
    target = tmp_path / "strategie.html"
    call_command("export_strategy", workshop.pk, "--format", "html", "-o", str(target))
    html = target.read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert "@page" in html  # the print stylesheet is inlined, so the file stands alone
    assert "Musterstadt ist digital und menschlich." in html
    assert "Steckbrief · Rang 1" in html


def test_export_without_output_uses_the_dated_file_name(workshop, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    call_command("export_strategy", workshop.pk, "--format", "html")
    written = capsys.readouterr().out.strip()
    assert written.startswith("Digitalstrategie-2030-Musterstadt-")
    assert (tmp_path / written).exists()


def test_export_of_an_unknown_process_fails_clearly(db):
    with pytest.raises(CommandError, match="no strategy process with the id 999"):
        call_command("export_strategy", 999, "-o", "/dev/null")
