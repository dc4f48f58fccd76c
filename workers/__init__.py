"""The rq bootstrap: named queues, the job wrapper, the worker and the scheduler."""
