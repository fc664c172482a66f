"""The service templates offered to customers (marked public), with their fields."""

from fastapi import APIRouter

from odoo.tools import html2plaintext

from .deps import ApiEnv
from .schemas import ERROR_RESPONSES, ServiceTemplateOut, ServiceTemplatePage, TemplateFieldOut

router = APIRouter(tags=["service templates"], responses=ERROR_RESPONSES)


def template_out(template):
    return ServiceTemplateOut(
        id=template.id,
        name=template.name or "",
        kind=template.kind,
        category=template.category_id.name or None,
        description=html2plaintext(template.description) if template.description else None,
        fields=[
            TemplateFieldOut(
                key=field.key,
                name=field.name or "",
                type=field.field_type,
                required=field.required,
                help=field.help or None,
                choices=[c.strip() for c in (field.selection_values or "").splitlines() if c.strip()]
                if field.field_type == "selection"
                else [],
                asked_in_cabinet=field.public,
            )
            for field in template.field_ids
        ],
    )


@router.get("/service-templates", response_model=ServiceTemplatePage)
def list_service_templates(env: ApiEnv):
    """The active service templates marked public (offered in the personal cabinet), with their fields: the
    `services[].values` of a new request are keyed by these fields' `key`."""
    templates = env["telmico.service.template"].search([("public", "=", True)])
    return ServiceTemplatePage(items=[template_out(template) for template in templates])
