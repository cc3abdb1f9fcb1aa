"""GOV.UK components written once for every page: `{% table caption "Heading" ... %}rows{% endtable %}`."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


class TableNode(template.Node):
    def __init__(self, bits, rows):
        self.bits = bits
        self.rows = rows

    def render(self, context):
        caption, *headers = (bit.resolve(context) for bit in self.bits)
        rows = mark_safe(self.rows.render(context))  # rendered, and escaped, by the template itself
        return render_to_string("includes/table.html", {"caption": caption, "headers": headers, "rows": rows})


@register.tag
def table(parser, token):
    """A GOV.UK table with a caption and a row of column headings; the body is the rows."""
    bits = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if len(bits) < 2:
        raise template.TemplateSyntaxError("table takes a caption and at least one column heading")
    rows = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(bits, rows)
