from . import test_callcenter_demo, test_demo, test_demo_data, test_kb_demo, test_mailing_demo, test_tasks_demo
