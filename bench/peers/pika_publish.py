#!/usr/bin/python3
"""Peer for `rmqx publish --lines --persistent`: pika written the way the RabbitMQ tutorials
write it (tutorial 2 "work queues" and tutorial 7 "publisher confirms", strategy 1: publish and
wait for each confirm). BlockingConnection, confirm_delivery(), one basic_publish per stdin line,
persistent (delivery_mode 2), to the default exchange with the queue name as routing key.

    /usr/bin/python3 bench/peers/pika_publish.py AMQP_URL QUEUE < lines.txt
"""
import sys
import time

import pika

url, queue = sys.argv[1], sys.argv[2]
started = time.monotonic()
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.queue_declare(queue=queue, durable=True)
channel.confirm_delivery()

published = 0
for line in sys.stdin.buffer:
    body = line[:-1] if line.endswith(b"\n") else line
    # With confirm_delivery(), basic_publish blocks until the broker confirms this message
    # (and raises on a nack or, with mandatory=True, an unroutable message).
    channel.basic_publish(
        exchange="",
        routing_key=queue,
        body=body,
        properties=pika.BasicProperties(delivery_mode=2),
    )
    published += 1

connection.close()
seconds = time.monotonic() - started
print(f"pika_publish: {published} published, {published / seconds:.0f} msg/s", file=sys.stderr)
