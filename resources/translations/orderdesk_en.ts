<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>OrderDesk::AboutDialog</name>
    <message>
        <source>About OrderDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;OrderDesk %1&lt;/h2&gt;&lt;p&gt;Back-office orders on CQRS, with the projection lag in plain sight.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read your writes: after a command, wait until the read model shows it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Data Directory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::ApiSettingsPanel</name>
    <message>
        <source>HTTP API (takes effect at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let programs on this computer send commands and queries over &amp;HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port on 127.0.0.1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Programs send it as &lt;tt&gt;Authorization: Bearer &amp;lt;token&amp;gt;&lt;/tt&gt;. It is new in every session unless ORDERDESK_API_TOKEN is set, and never saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::CancelOrderDialog</name>
    <message>
        <source>Cancel Order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling %1 cannot be undone. Why is it cancelled?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer changed their mind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment did not arrive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a reason or pick a common one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::CommandRunner</name>
    <message>
        <source>This order was changed by someone else — reload and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command was refused (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::ConsistencyPanel</name>
    <message>
        <source>&amp;Pause Projector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;build Read Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read &amp;your writes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consistency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop projecting events; commands are still accepted, so the lag grows until you resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay after each batch, in milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An artificial pause after each projected batch, to make the lag visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events per batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch si&amp;ze:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders to create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project the whole event log again into fresh tables, then swap them in; the list keeps working meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rebuild progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 orders sent; %3 commands accepted, %4 rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the rebuild…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1 · checkpoint %2 · %3 events/s · accepted→visible p50 %4, p95 %5, p99 %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rebuilding: %1 of %2 events%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Rebuild</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;umber of orders:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ra&amp;te:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume &amp;Projector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop &amp;Generating</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::DailyOrdersChart</name>
    <message>
        <source>Orders per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s) in the last %1 days</source>
        <translation>
            <numerusform>%Ln order in the last %1 days</numerusform>
            <numerusform>%Ln orders in the last %1 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln order(s), %2</source>
        <translation>
            <numerusform>%1: %Ln order, %2</numerusform>
            <numerusform>%1: %Ln orders, %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::DashboardView</name>
    <message>
        <source>Orders per day, last %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The figures could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders per day, last %1 days: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders and revenue per &amp;status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders and revenue per status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In all: %1 orders, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::DeadLettersDialog</name>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead Letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These events could not be applied to the read model and were skipped, so that the projector kept going. Once the cause is fixed, retry them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the selected event again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dead letters could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dead letters: every event was projected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) skipped.</source>
        <translation>
            <numerusform>%Ln event skipped.</numerusform>
            <numerusform>%Ln events skipped.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::DemoDataDialog</name>
    <message>
        <source>Create Demo Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Create demo data?&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of demo orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Orders:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create Demo Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Not Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating demo data through the command bus…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OrderDesk can fill this empty store with %1 customers, %2 products and %3 orders in every status, sent through the command bus like any other commands. You can add more later from the File menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 commands</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::EditLinesDialog</name>
    <message>
        <source>Edit Lines of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 for %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading products…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::EventLogModel</name>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::EventStreamPanel</name>
    <message>
        <source>&amp;Follow the newest event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the newest events in view as they arrive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest event %1, projected up to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::LagChart</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag chart, last 60 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Lag %1 and %Ln event(s); accepted to visible p99 %2.</source>
        <translation>
            <numerusform>Lag %1 and %Ln event; accepted to visible p99 %2.</numerusform>
            <numerusform>Lag %1 and %Ln events; accepted to visible p99 %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lag %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Lag %Ln event(s)</source>
        <translation>
            <numerusform>Lag %Ln event</numerusform>
            <numerusform>Lag %Ln events</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepted→visible p99 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for samples…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::MainWindow</name>
    <message>
        <source>OrderDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read Your Writes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After a command, wait until the read model shows it before selecting and refreshing the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the list and the selected order again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create &amp;Demo Data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;build Read Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project the whole event log again into fresh tables; the window keeps working meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dead Letters…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About OrderDesk…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Das&amp;hboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consistency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order list could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted · Waiting for the read model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Consistency Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order is not in the read model yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shipment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancellation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted, but the read model has not caught up after %1 s (is the projector paused or busy?). %2 updates when it does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted: %1 of %2 · visible after %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data created: %1 orders, %2 commands accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data could not be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not used in this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order list (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders and revenue per status, orders per day (Ctrl+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event Stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Event Stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read &amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the write store: this computer&apos;s SQLite file or a shared PostgreSQL server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the shared store again; catching up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HTTP API is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the next start OrderDesk uses %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PostgreSQL server %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the SQLite file in its data directory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::MessageBar</name>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::NewOrderDialog</name>
    <message>
        <source>New Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a name, e-mail or customer id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ustomer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers and products could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading customers and products…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No single customer matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderActions</name>
    <message>
        <source>&amp;New Order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an order (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the selected pending order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;hip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ship</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected confirmed order as shipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deliver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected shipped order as delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ancel Order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+X</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the selected order; you are asked for a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit Lines…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the products and quantities of the selected pending order</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderDetailPanel</name>
    <message>
        <source>Order details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled because:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading order %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an order to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is not in the read model yet.
It appears here as soon as the projector reaches it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>created %1, last changed %2 (version %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1 (stream version %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H&amp;istory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderFilterBar</name>
    <message>
        <source>&amp;Search:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order id, customer or e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finds orders whose id, customer name or e-mail contains the text (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show %1 orders; with no status chosen, every status is shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created date range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Between…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created on or after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created on or before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every order again (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s)</source>
        <translation>
            <numerusform>%Ln order</numerusform>
            <numerusform>%Ln orders</numerusform>
        </translation>
    </message>
    <message>
        <source>Cr&amp;eated:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderLinesEditor</name>
    <message>
        <source>&amp;Add Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lines yet: add one with 쫝 Line”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a line for another product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a product name or SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An order has at most %1 lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: choose a product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: no single product matches “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: enter a unit price, such as 12.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 repeats %2 from line %3; change the quantity there instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The total is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product, line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity, line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price, line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subtotal, line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove line %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderLinesModel</name>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderListModel</name>
    <message>
        <source>Cancelled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::ProjectionStatusWidget</name>
    <message>
        <source>Projector state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projection lag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events the projector could not apply; click to see them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projector: rebuilding %1% · about %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projector: rebuilding %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projector: failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projector: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln event</numerusform>
            <numerusform>%Ln events</numerusform>
        </translation>
    </message>
    <message>
        <source>Lag: %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>caught up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>far behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The read model is %1: %2 written but not yet projected; the oldest of them waits for %3. Commands become visible in %4 (p99).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln dead letter(s)</source>
        <translation>
            <numerusform>%Ln dead letter</numerusform>
            <numerusform>%Ln dead letters</numerusform>
        </translation>
    </message>
    <message>
        <source>Projector: waiting for the server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::ScreenshotCapture</name>
    <message>
        <source>Timed out after %1 s waiting for the data to load.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window could not be rendered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the screenshot to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 (%2 × %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed out after %1 s waiting for order %2 to appear.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::SettingsDialog</name>
    <message>
        <source>&amp;Embedded SQLite in the data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared &amp;PostgreSQL server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — for one desktop; nothing to set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your login on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each desktop keeps its own read store, the copy of the orders that the window shows, in its data directory (%1); with a shared server only the write store is shared, and every desktop projects it locally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use now: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session was started with %1, which takes precedence over this setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A change takes effect when OrderDesk starts next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the name of the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OrderDesk never stores the password in its settings: one typed here is remembered in the system keychain when you press OK. At start the password is, first to last: the PGPASSWORD environment variable when it is set, the one remembered in the keychain, a line host:port:database:user:password in %1 (readable by you only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the password remembered for this server from the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remembered; type a new one to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional; remembered in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for a password for %1 in the system keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain cannot be used: %1. The password comes from PGPASSWORD or the password file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A password for %1 is remembered in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password for %1 is remembered in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password for %1 was removed from the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password for %1 could not be removed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the password for %1 in the system keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password was not saved: %1. Nothing was changed; clear the password field to keep the other settings without it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::StatusBadge</name>
    <message>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::StatusSummaryModel</name>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::StoreStatusLabel</name>
    <message>
        <source>Write store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write store: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write store: %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · no connection, reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDesk::TimedLoadGenerator</name>
    <message>
        <source>There are no customers or products yet; create demo data first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %Ln order(s).</source>
        <translation>
            <numerusform>Stopped after %Ln order.</numerusform>
            <numerusform>Stopped after %Ln orders.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled by the load generator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent %1 orders: %2 commands accepted, %3 rejected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderStatus</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectionStatus</name>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rebuilding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Back-office orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill an empty store with demo data without asking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many demo orders (default %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the window once its data has loaded, save it as FILE and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the screenshot shows: orders (default), consistency or dashboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OrderDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot-view is orders, consistency or dashboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--demo-orders needs a positive number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The write store chosen in Settings cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the &amp;Embedded Store This Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data directory: the SQLite write store (unless --database-url is given) and the read store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: once loaded, print that the window is ready, wait (up to 3 minutes) until the order list shows order ID, print when it did, select it and take the picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--wait-for-order goes with --screenshot of the orders view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A shared PostgreSQL write store, postgresql://user@host:port/database (also ORDERDESK_DATABASE_URL). The password comes from PGPASSWORD, the system keychain (Settings) or ~/.pgpass.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
