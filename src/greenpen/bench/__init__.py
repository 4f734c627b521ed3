"""`greenpen bench`: grading accuracy against human graders, and speed and memory, measured.

    accuracy.py   graded-answer CSVs ─► grader ─► metrics (metrics.py), optional calibrate.py
    speed.py      example submissions ×N ─► pipeline.grade_file ─► times, throughput, peak RSS
"""
