"""What the page calls each column of the list (the files and the API keep the Kohesio names)."""

from flask_babel import lazy_gettext as _l

from service.i18n import format_day

COLUMN_LABELS = {
    "Operation_Unique_Identifier": _l("Code"),
    "Operation_Name_Programme_Language": _l("Operation"),
    "Operation_Name_English": _l("Name in English"),
    "Operation_Summary_Programme_Language": _l("Purpose"),
    "Operation_Achievements_Programme_Language": _l("Achievements"),
    "Operation_Start_Date": _l("Start"),
    "Operation_End_Date": _l("End"),
    "Total_Eligible_Expenditure_amount": _l("Total eligible cost"),
    "Total_Eligible_Expenditure_Currency": _l("Currency"),
    "Total_Eligible_Expenditure_Exchange_Rate": _l("Exchange rate (per euro)"),
    "Total_Eligible_Expenditure_Exchange_Rate_Month": _l("Month of the exchange rate"),
    "Project_EU_Budget": _l("EU contribution"),
    "Cofinancing_Rate": _l("EU co-financing rate"),
    "Beneficiary_Name": _l("Beneficiary"),
    "Beneficiary_Country": _l("Beneficiary's country"),
    "Operation_Location": _l("Location"),
    "Operation_Country": _l("Country"),
    "Category_Of_Intervention": _l("Type of intervention"),
    "Specific_Objective": _l("Specific objective"),
    "Fund_Code": _l("Fund"),
    "Programme_Code": _l("Programme code (CCI)"),
    "First_Publication_Date": _l("First published"),
}

# The columns the page's table shows (all of them are in the files).
PAGE_COLUMNS = (
    "Operation_Unique_Identifier",
    "Operation_Name_Programme_Language",
    "Beneficiary_Name",
    "Operation_Summary_Programme_Language",
    "Operation_Achievements_Programme_Language",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Total_Eligible_Expenditure_amount",
    "Project_EU_Budget",
    "Cofinancing_Rate",
    "Specific_Objective",
    "Category_Of_Intervention",
    "Operation_Location",
)


def helpers() -> dict:
    return {
        "column_label": lambda name: COLUMN_LABELS.get(name, name),
        "page_columns": PAGE_COLUMNS,
        "day": format_day,
    }
