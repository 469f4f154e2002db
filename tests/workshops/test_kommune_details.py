"""Publisher, contact and logo of a Kommune: checked on upload, shown on the title page and in
the imprint of its strategies."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin
from pypdf import PdfReader

from workshops import logo, pdf
from workshops.models import Kommune, KommuneLogo
from workshops.strategy import gather

from .test_pdf import text_of


def picture(size=(1600, 400), image_format="PNG", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (27, 42, 158)).save(out, format=image_format, **save)
    return out.getvalue()


def upload(data: bytes, name="wappen.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares `width` by `height` but holds hardly any data: a decompression
    bomb's head."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


def test_a_logo_is_reencoded_small_and_without_its_metadata():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "geheim")
    result = logo.reencode(upload(picture(pnginfo=info)))
    assert (result.width, result.height) == (800, 200)
    reread = Image.open(io.BytesIO(result.png))
    assert reread.format == "PNG"
    assert "Author" not in reread.info
    jpeg = logo.reencode(upload(picture((300, 300), "JPEG"), "wappen.jpg"))
    assert Image.open(io.BytesIO(jpeg.png)).format == "PNG"


@pytest.mark.parametrize(
    "data, message",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "SVG"),
        (b"GIF89a" + b"\0" * 100, "SVG"),
        (picture()[:40], "SVG"),  # cut off in its header
        (picture()[:-20], "SVG"),  # cut off in its pixels
        (png_header_only(6_000, 6_000), "25 Megapixel"),
        (picture((10, 10)), "16 Pixel"),
    ],
)
def test_other_files_are_refused_with_a_german_message(data, message):
    with pytest.raises(ValidationError) as refused:
        logo.reencode(upload(data))
    assert message in refused.value.messages[0]


def test_a_file_above_five_megabytes_is_refused_before_it_is_read():
    big = upload(b"\0" * (logo.MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="5 MB"):
        logo.reencode(big)


def details_url(kommune):
    return reverse("workshops:kommune_details", args=[kommune.slug])


def test_a_facilitator_sets_publisher_contact_and_logo(facilitator_client, kommune):
    form = facilitator_client.get(details_url(kommune)).context["form"]
    data = {
        "publisher": "Stadtverwaltung Musterstadt",
        "contact": "Rathausplatz 1\n12345 Musterstadt",
        "version": form["version"].value(),
        "logo": upload(picture()),
    }
    response = facilitator_client.post(details_url(kommune), data)
    assert response.status_code == 302
    kommune.refresh_from_db()
    assert kommune.publisher == "Stadtverwaltung Musterstadt"
    assert KommuneLogo.objects.get(kommune=kommune).width == 800
    page = facilitator_client.get(details_url(kommune)).content.decode()
    assert 'src="data:image/png;base64,' in page
    version = facilitator_client.get(details_url(kommune)).context["form"]["version"].value()
    facilitator_client.post(
        details_url(kommune),
        {"publisher": kommune.publisher, "contact": kommune.contact, "version": version,
         "remove_logo": "on"},
    )  # fmt: skip
    assert not KommuneLogo.objects.filter(kommune=kommune).exists()


def test_a_refused_logo_is_explained_next_to_the_field_and_the_texts_are_kept(
    facilitator_client, kommune
):
    version = facilitator_client.get(details_url(kommune)).context["form"]["version"].value()
    response = facilitator_client.post(
        details_url(kommune),
        {"publisher": "Amt <b>Süd</b>", "version": version, "logo": upload(b"<svg/>", "x.svg")},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_logo-error"' in page
    assert "SVG-Dateien werden nicht angenommen" in page
    assert 'value="Amt &lt;b&gt;Süd&lt;/b&gt;"' in page
    kommune.refresh_from_db()
    assert kommune.publisher == ""
    assert not KommuneLogo.objects.filter(kommune=kommune).exists()


def test_a_concurrent_edit_keeps_the_other_text_and_the_old_logo(facilitator_client, kommune):
    version = facilitator_client.get(details_url(kommune)).context["form"]["version"].value()
    Kommune.objects.filter(pk=kommune.pk).update(publisher="Von der Kollegin")
    response = facilitator_client.post(
        details_url(kommune),
        {"publisher": "Meins", "version": version, "logo": upload(picture())},
    )
    assert response.status_code == 422
    kommune.refresh_from_db()
    assert kommune.publisher == "Von der Kollegin"
    assert not KommuneLogo.objects.filter(kommune=kommune).exists()


def test_readers_see_the_details_but_cannot_change_them(client, viewer, kommune):
    Kommune.objects.filter(pk=kommune.pk).update(publisher="Stadtverwaltung")
    client.force_login(viewer)
    page = client.get(details_url(kommune)).content.decode()
    assert "Stadtverwaltung" in page
    assert 'type="file"' not in page
    assert client.post(details_url(kommune), {"publisher": "x"}).status_code == 403


def test_other_kommunen_get_nothing(client, outsider, kommune):
    client.force_login(outsider)
    assert client.get(details_url(kommune)).status_code == 404
    assert client.post(details_url(kommune), {"publisher": "x"}).status_code == 404


def _figures(node, found):
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            _figures(kid, found)
    return found


def test_the_title_page_shows_the_logo_with_its_alt_text_and_the_imprint_follows(workshop):
    kommune = workshop.kommune
    Kommune.objects.filter(pk=kommune.pk).update(
        publisher="Stadtverwaltung Musterstadt", contact="Rathausplatz 1\nTelefon 0123 4567"
    )
    made = logo.reencode(upload(picture()))
    KommuneLogo.objects.create(kommune=kommune, png=made.png, width=made.width, height=made.height)
    workshop.kommune.refresh_from_db()
    document = pdf.render_pdf(gather(workshop))
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages[0].images) == 1
    figures = _figures(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert "Logo der Musterstadt" in figures
    text = text_of(document)
    for expected in ["Impressum", "Stadtverwaltung Musterstadt", "Rathausplatz 1", "Telefon 0123"]:
        assert expected in text


def test_the_renderer_takes_only_png_data_urls():
    for url in [
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "data:image/png;base64,!!!",
        "data:image/png;base64,R0lGODlh",  # a GIF's bytes
    ]:
        with pytest.raises(pdf.RefusedURL):
            pdf.png_from_data_url(url)
    assert pdf.png_from_data_url("data:image/png;base64,iVBORw0KGgo=").startswith(b"\x89PNG")
