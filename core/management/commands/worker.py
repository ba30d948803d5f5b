"""`manage.py worker`: django-tasks-db's worker, plus a lease on the running task's job row
(core.jobs) and the periodic work of core.periodic (no cron needed). Options are db_worker's;
`--no-periodic` for extra workers on other machines."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from core.jobs import LeaseKeeper
from core.periodic import SchedulerThread


class LeasedWorker(Worker):
    """Keeps the running task's job row leased, however long a silent step takes."""

    def run_task(self, db_task_result) -> None:
        keeper = LeaseKeeper(db_task_result.task_path, (db_task_result.args_kwargs or {}).get("args") or [])
        keeper.start()
        try:
            super().run_task(db_task_result)
        finally:
            keeper.stop()


class Command(DbWorkerCommand):
    help = "Run the background task worker with job leases and the periodic work (publish_scheduled, …)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-periodic", action="store_false", dest="periodic",
                            help="do not run the periodic work (run it on one worker only)")

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, max_tasks, worker_id,
               exclude_queues, periodic=True, **options) -> None:
        self.configure_logging(verbosity)
        worker = LeasedWorker(
            queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        scheduler = SchedulerThread() if periodic else None
        if scheduler and batch:
            scheduler.scheduler.tick()  # a batch run does its periodic work once, in the foreground
        elif scheduler:
            scheduler.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            if scheduler and scheduler.is_alive():
                scheduler.stop()
