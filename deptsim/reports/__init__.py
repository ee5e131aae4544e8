"""Reports: tables, plots and the HTML report for planners, in English or Danish."""
