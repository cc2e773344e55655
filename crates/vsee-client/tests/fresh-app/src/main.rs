//! What a new user writes first: a client, a page of visits, a visit looked up by the id a
//! reply gave, a closed visit read again; errors and `Debug` output as they come. Only
//! vsee-client and tokio are dependencies (the stream traits come from vsee-client).

use vsee_client::{
    ClientBuilder, Credentials, Environment, RetryPolicy, ShowValues, TryStreamExt, types,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url =
        std::env::var("VSEE_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:4010".into());
    let client = ClientBuilder::new(
        Environment::Custom(base_url),
        Credentials::new("token", "vclinic"),
    )
    .retry(RetryPolicy::new())
    .build()?;

    let mut visits = client.visits(50);
    while let Some(visit) = visits.try_next().await? {
        println!("{visit:?}");
        if let Some(id) = &visit.id {
            let again = client.get_visit().id(id).send().await?.into_inner().data;
            println!("{:?}", ShowValues(&again.status));
        }
    }

    let closed = client
        .close_visit()
        .body_map(|b| b.id(7727).reason(types::CloseReason::CallEnded))
        .send()
        .await?
        .into_inner()
        .data;
    match client.get_visit().id(&closed.id).send().await {
        Ok(visit) => eprintln!("{:#?}", visit.data),
        Err(error) => eprintln!("{error}"),
    }
    Ok(())
}
