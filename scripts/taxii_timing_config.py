"""Writes medallion's data and configuration for scripts/taxii-timing.sh: the test server's
collections (tests/taxii/medallion-data.json) on PORT, 10 MB a request, pages of 1,000.
Usage: taxii_timing_config.py PORT FOLDER"""

import json
import sys

port, folder = sys.argv[1], sys.argv[2]
with open("tests/taxii/medallion-data.json", encoding="utf-8") as f:
    data = json.loads(f.read().replace("PORT", port))
data["casebook"]["information"]["max_content_length"] = 10 * 1024 * 1024
with open(f"{folder}/data.json", "w", encoding="utf-8") as f:
    json.dump(data, f)
config = {
    "backend": {
        "module": "medallion.backends.memory_backend",
        "module_class": "MemoryBackend",
        "filename": f"{folder}/data.json",
    },
    "users": {"analyst": "timing"},
    "taxii": {"max_page_size": 1000},
}
with open(f"{folder}/config.json", "w", encoding="utf-8") as f:
    json.dump(config, f)
